using Mirage.Commands.Text.RegexTranslation;

namespace Mirage.Commands.Text.Sed;

/// <summary>A script error as GNU words it (without the "sed: -e expression #1, char N: " prefix).</summary>
internal sealed class SedScriptException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>A regex of an address or an s command; a null matcher means "the last regex used" (//).</summary>
internal sealed class SedRegex(PatternMatcher? matcher, int groupCount)
{
    public PatternMatcher? Matcher { get; } = matcher;

    public int GroupCount { get; } = groupCount;
}

internal enum AddressKind
{
    Line,
    Last,
    Regex,
    Step,
    Zero,
}

internal sealed record SedAddress(AddressKind Kind, long Line = 0, long Step = 0, SedRegex? Regex = null);

internal enum RangeEndKind
{
    Address,
    Plus,
    Multiple,
}

/// <summary>One piece of an s replacement: literal text, a group (0 is &amp;), or a case conversion (\L \U \l \u \E).</summary>
internal readonly record struct ReplacementPart(string? Literal, int Group, char CaseOperation);

internal sealed class SedInstruction
{
    public SedAddress? First { get; set; }
    public SedAddress? Second { get; set; }
    public RangeEndKind SecondKind { get; set; }
    public long SecondCount { get; set; }
    public bool Negate { get; set; }
    public char Name { get; set; }

    /// <summary>Text of a/i/c, a label, or a file name.</summary>
    public string Text { get; set; } = "";

    /// <summary>Where '{' (when unmatched) and b/t/T go.</summary>
    public int Jump { get; set; } = -1;

    public int? Number { get; set; }
    public SedRegex? Regex { get; set; }
    public List<ReplacementPart> Replacement { get; } = [];
    public bool Global { get; set; }
    public long Occurrence { get; set; } = 1;
    public int PrintCount { get; set; }
    public bool Evaluate { get; set; }
    public string? WriteFile { get; set; }
    public byte[]? Translate { get; set; }

    // Range state while the script runs.
    public bool RangeActive { get; set; }
    public long RangeEnd { get; set; }
}
