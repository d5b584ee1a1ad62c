using Musubi.Core.Features.Identity;

namespace Musubi.Core.Tests.Access;

public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Policy = new(["passwordpassword", "correct horse battery staple"]);

    [Theory]
    [InlineData("violet anchor quietly orbits tuesday")]
    [InlineData("すもももももももものうち123")] // any script counts; 15 characters as people count them
    [InlineData("Tr0ub4dor&3-but-longer")]
    public void LongUnusualPasswords_Pass_WithNoCompositionRules(string password) =>
        Assert.Empty(Policy.Check(password, "us-acq"));

    [Theory]
    [InlineData("", "required")]
    [InlineData("short one", "at least 15")]
    [InlineData("PasswordPassword", "commonly used")]
    [InlineData("passwordpassword2024!", "commonly used")]
    [InlineData("Correct Horse Battery Staple", "commonly used")]
    [InlineData("aaaaaaaaaaaaaaaaaaaa", "repeated")]
    [InlineData("abababababababababab", "repeated")]
    [InlineData("123456789012345", "run")]
    [InlineData("zyxwvutsrqponmlkj", "run")]
    [InlineData("my name is us-acq and so on", "user name")]
    public void WeakPasswords_AreRefused_WithTheReason(string password, string reason) =>
        Assert.Contains(Policy.Check(password, "us-acq"), p => p.Contains(reason, StringComparison.Ordinal));

    [Fact]
    public void LengthIsBetween15And128_CountedInCharactersPeopleSee()
    {
        Assert.Contains(Policy.Check(new string('x', 64) + new string('y', 65), "u"), p => p.Contains("at most 128", StringComparison.Ordinal));
        Assert.Empty(Policy.Check(string.Concat(Enumerable.Repeat("ab1 cd2 ", 16)), "u"));
        // 14 emoji are 28 UTF-16 units but 14 characters: too short.
        Assert.Contains(Policy.Check(string.Concat(Enumerable.Repeat("🐟", 14)), "u"), p => p.Contains("at least 15", StringComparison.Ordinal));
    }

    [Fact]
    public void TheShippedBlocklist_Loads() => Assert.True(PasswordPolicy.Default.BlockedCount > 100);
}
