using Musubi.Core.Features.Registry;

namespace Musubi.Core.Tests.Registry;

public sealed class IdentifierTests
{
    // Check digits computed by hand from the rule in docs/formats.md: base 000012345678 → Σ = 8·1+7·2+6·1+5·2+4·1+3·2+2·1+1·2 = 52,
    // 52 mod 9 = 7, check = 9 − 7 = 2.
    [Theory]
    [InlineData("2000012345678")]
    [InlineData("7010001008844")]
    public void ValidateCorporateNumber_ValidCheckDigit_Accepts(string number) =>
        Assert.Null(Identifiers.ValidateCorporateNumber(number));

    [Theory]
    [InlineData("3000012345678", "expected 2")]
    [InlineData("200001234567", "13 digits")]
    [InlineData("20000123456A8", "13 digits")]
    public void ValidateCorporateNumber_Bad_SaysWhy(string number, string reason) =>
        Assert.Contains(reason, Identifiers.ValidateCorporateNumber(number), StringComparison.Ordinal);

    [Theory]
    [InlineData("5493001KJTIIGC8Y1R12")] // Bloomberg Finance L.P., a published LEI
    [InlineData("7LTWFZYICNSX8D621K86")] // Deutsche Bank AG
    public void ValidateLei_PublishedLei_Accepts(string lei) => Assert.Null(Identifiers.ValidateLei(lei));

    [Fact]
    public void ValidateLei_OneDigitChanged_Rejects() =>
        Assert.Contains("mod 97-10", Identifiers.ValidateLei("5493001KJTIIGC8Y1R13"), StringComparison.Ordinal);

    [Theory]
    [InlineData("cage", "1ABC2", true)]
    [InlineData("cage", "1AB", false)]
    [InlineData("uei", "ABCDEFGH1234", true)]
    [InlineData("uei", "ABCDEFGH123", false)]
    [InlineData("duns", "123456789", false)]
    public void Validate_Scheme_ChecksShape(string scheme, string value, bool valid) =>
        Assert.Equal(valid, Identifiers.Validate(scheme, value) is null);
}
