using System.Text;
using System.Text.RegularExpressions;

namespace Mirage.Commands.Text.RegexTranslation;

/// <summary>How grep-like commands combine their patterns.</summary>
public sealed record MatcherOptions(
    RegexSyntax Syntax,
    bool FixedStrings = false,
    bool IgnoreCase = false,
    bool WholeWords = false,
    bool WholeLines = false,
    bool DotMatchesNewline = false);

/// <summary>
/// One or more GNU patterns compiled into a single .NET regex over Latin-1 text. Finds the leftmost match and,
/// where alternation could make .NET stop short, extends it to the longest match POSIX requires.
/// </summary>
public sealed class PatternMatcher
{
    private const int LongestSearchLimit = 4096;
    private readonly Regex _regex;
    private readonly Regex? _anchored;
    private readonly bool _needsLongest;
    private readonly bool _endSensitive;
    private readonly bool _wholeWords;

    private PatternMatcher(Regex regex, Regex? anchored, bool needsLongest, bool endSensitive, bool wholeWords)
    {
        _regex = regex;
        _anchored = anchored;
        _needsLongest = needsLongest;
        _endSensitive = endSensitive;
        _wholeWords = wholeWords;
    }

    public Regex Regex => _regex;

    /// <summary>Compiles <paramref name="patterns"/> (any one matching is a match); throws <see cref="RegexSyntaxException"/>.</summary>
    public static PatternMatcher Create(IReadOnlyList<string> patterns, MatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(options);
        var parts = new List<string>();
        var groups = 0;
        var alternation = patterns.Count > 1;
        var endSensitive = options.WholeLines;
        foreach (var pattern in patterns)
        {
            if (options.FixedStrings)
            {
                var literal = new StringBuilder();
                foreach (var c in pattern) RegexTranslator.AppendLiteral(literal, c);
                parts.Add(literal.ToString());
                continue;
            }
            var translated = RegexTranslator.Translate(pattern, new RegexDialect(options.Syntax, groups, DotMatchesNewline: options.DotMatchesNewline));
            groups += translated.GroupCount;
            alternation |= translated.HasAlternation;
            endSensitive |= translated.HasEndAnchors;
            parts.Add(translated.Pattern);
        }
        var body = parts.Count == 1 ? parts[0] : string.Join("|", parts.Select(p => "(?:" + p + ")"));
        if (options.WholeLines) body = "^(?:" + body + ")\\z";
        else if (options.WholeWords) body = "(?<![A-Za-z0-9_])(?:" + body + ")(?![A-Za-z0-9_])";
        var regexOptions = RegexOptions.CultureInvariant;
        if (options.IgnoreCase) regexOptions |= RegexOptions.IgnoreCase;
        Regex regex;
        try
        {
            regex = new Regex(body, regexOptions);
        }
        catch (ArgumentException e)
        {
            throw new RegexSyntaxException(options.Syntax == RegexSyntax.Perl && e is RegexParseException parse ? PcreMessage(parse) : e.Message);
        }
        var anchored = alternation ? new Regex("\\G(?:" + body + ")\\z", regexOptions) : null;
        return new PatternMatcher(regex, anchored, alternation, endSensitive, options.WholeWords);
    }

    /// <summary>One sed regex: the dialect carries sed's escapes and the M flag.</summary>
    public static PatternMatcher CreateSingle(string pattern, RegexDialect dialect, bool ignoreCase, out int groupCount)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var translated = RegexTranslator.Translate(pattern, dialect);
        groupCount = translated.GroupCount;
        var regexOptions = RegexOptions.CultureInvariant;
        if (ignoreCase) regexOptions |= RegexOptions.IgnoreCase;
        try
        {
            var regex = new Regex(translated.Pattern, regexOptions);
            var anchored = translated.HasAlternation ? new Regex("\\G(?:" + translated.Pattern + ")\\z", regexOptions) : null;
            return new PatternMatcher(regex, anchored, translated.HasAlternation, translated.HasEndAnchors, false);
        }
        catch (ArgumentException e)
        {
            throw new RegexSyntaxException(e.Message);
        }
    }

    /// <summary>GNU grep -P reports pattern errors in PCRE2's words; .NET's parser names the same faults.</summary>
    private static string PcreMessage(RegexParseException e) => e.Error switch
    {
        RegexParseError.InsufficientClosingParentheses => "missing closing parenthesis",
        RegexParseError.InsufficientOpeningParentheses => "unmatched closing parenthesis",
        RegexParseError.ReversedQuantifierRange => "numbers out of order in {} quantifier",
        RegexParseError.QuantifierAfterNothing or RegexParseError.NestedQuantifiersNotParenthesized => "quantifier does not follow a repeatable item",
        RegexParseError.UnescapedEndingBackslash => "\\ at end of pattern",
        RegexParseError.UnterminatedBracket => "missing terminating ] for character class",
        _ => e.Message,
    };

    public bool IsMatch(string line) => _regex.IsMatch(line);

    /// <summary>The leftmost-longest match with its groups, or null.</summary>
    public Match? FindMatch(string text, int startAt)
    {
        var match = _regex.Match(text, startAt);
        if (!match.Success) return null;
        if (_needsLongest && _anchored is not null && text.Length - match.Index <= LongestSearchLimit)
        {
            for (var end = text.Length; end > match.Index + match.Length; end--)
            {
                if (end < text.Length && _endSensitive) continue;
                var candidate = _anchored.Match(end == text.Length ? text : text[..end], match.Index);
                if (candidate.Success) return candidate;
            }
        }
        return match;
    }

    /// <summary>The leftmost-longest match at or after <paramref name="startAt"/>, or null.</summary>
    public (int Index, int Length)? Find(string line, int startAt)
    {
        var match = _regex.Match(line, startAt);
        if (!match.Success) return null;
        var index = match.Index;
        var length = match.Length;
        if (_needsLongest && _anchored is not null && line.Length - index <= LongestSearchLimit)
        {
            for (var end = line.Length; end > index + length; end--)
            {
                if (end < line.Length && (_endSensitive || (_wholeWords && IsWordChar(line[end])))) continue;
                var candidate = _anchored.Match(end == line.Length ? line : line[..end], index);
                if (candidate.Success)
                {
                    length = end - index;
                    break;
                }
            }
        }
        return (index, length);
    }

    private static bool IsWordChar(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_';
}
