using Mirage.Commands.Text.RegexTranslation;
using Mirage.Commands.Text.Shared;

namespace Mirage.Commands.Text.Grep;

/// <summary>grep's line test: a byte search for plain literals (the common case), the translated regex otherwise.</summary>
internal sealed class LineMatcher
{
    private readonly PatternMatcher? _regex;
    private readonly byte[]? _literal;

    private LineMatcher(PatternMatcher? regex, byte[]? literal)
    {
        _regex = regex;
        _literal = literal;
    }

    public static LineMatcher Create(IReadOnlyList<string> patterns, MatcherOptions options)
    {
        if (patterns.Count == 0) return new LineMatcher(null, null);
        var regex = PatternMatcher.Create(patterns, options);
        byte[]? literal = null;
        if (patterns.Count == 1 && !options.IgnoreCase && !options.WholeWords && !options.WholeLines && IsPlain(patterns[0], options))
            literal = Latin1.GetBytes(patterns[0]);
        return new LineMatcher(regex, literal);
    }

    private static bool IsPlain(string pattern, MatcherOptions options)
    {
        if (options.FixedStrings) return true;
        var special = options.Syntax switch
        {
            RegexSyntax.Basic => "\\[.*^$",
            _ => "\\[.*^$+?(){}|",
        };
        return pattern.IndexOfAny(special.ToCharArray()) < 0;
    }

    public bool IsMatch(ReadOnlySpan<byte> line, ref string? text)
    {
        if (_literal is not null) return line.IndexOf(_literal) >= 0;
        if (_regex is null) return false;
        text ??= Latin1.GetString(line);
        return _regex.IsMatch(text);
    }

    /// <summary>Each non-empty match of the line, left to right (grep -o).</summary>
    public IEnumerable<(int Index, int Length)> Matches(string text)
    {
        if (_regex is null) yield break;
        var position = 0;
        while (position <= text.Length)
        {
            var found = _regex.Find(text, position);
            if (found is not { } match) yield break;
            if (match.Length == 0)
            {
                position = match.Index + 1;
                continue;
            }
            yield return match;
            position = match.Index + match.Length;
        }
    }
}
