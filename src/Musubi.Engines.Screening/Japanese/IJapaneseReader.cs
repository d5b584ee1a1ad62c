namespace Musubi.Engines.Screening;

/// <summary>One morpheme from a Japanese morphological analyzer: surface form, reading in katakana (null when unknown), part of speech.</summary>
public sealed record Morpheme(string Surface, string? Reading, string PartOfSpeech);

/// <summary>
/// Reads Japanese text into morphemes with their readings. The product uses MeCab with IPADIC
/// (<see cref="MecabReader"/>); when it cannot be loaded <see cref="Available"/> is false and kanji names match only
/// through their original script and the list's own aliases (<see cref="Status"/> says so).
/// </summary>
public interface IJapaneseReader
{
    bool Available { get; }

    /// <summary>One line for users: which analyzer and dictionary, or why there is none and what that means.</summary>
    string Status { get; }

    /// <summary>Thread-safe. Returns an empty list when <see cref="Available"/> is false.</summary>
    IReadOnlyList<Morpheme> Parse(string text);
}
