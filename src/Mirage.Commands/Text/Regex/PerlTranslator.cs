using System.Globalization;
using System.Text;

namespace Mirage.Commands.Text.RegexTranslation;

/// <summary>
/// Perl syntax is close to .NET's; this pass only fixes what differs: ASCII-only \w \d \s \b (C locale),
/// POSIX classes inside brackets, \Q..\E, \x{..}, \h, \R, possessive quantifiers and a top-level \K
/// (kept text before it becomes a look-behind).
/// </summary>
internal static class PerlTranslator
{
    public static TranslatedRegex Translate(string pattern, RegexDialect dialect)
    {
        var output = new StringBuilder();
        var depth = 0;
        var groups = 0;
        var alternation = false;
        int? keepAt = null;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    {
                        if (i + 1 >= pattern.Length) throw new RegexSyntaxException("\\ at end of pattern");
                        var e = pattern[i + 1];
                        i += 2;
                        switch (e)
                        {
                            case 'w': output.Append(RegexTranslator.WordClass); break;
                            case 'W': output.Append(RegexTranslator.NotWordClass); break;
                            case 'd': output.Append("[0-9]"); break;
                            case 'D': output.Append("[^0-9]"); break;
                            case 's': output.Append(RegexTranslator.SpaceClass); break;
                            case 'S': output.Append(RegexTranslator.NotSpaceClass); break;
                            case 'b': output.Append(RegexTranslator.WordBoundary); break;
                            case 'B': output.Append(RegexTranslator.NotWordBoundary); break;
                            case 'h': output.Append("[\\t ]"); break;
                            case 'H': output.Append("[^\\t ]"); break;
                            case 'R': output.Append("(?:\\r\\n|[\\n\\v\\f\\r])"); break;
                            case 'K' when depth == 0:
                                keepAt = output.Length;
                                break;
                            case 'Q':
                                {
                                    var end = pattern.IndexOf("\\E", i, StringComparison.Ordinal);
                                    var literal = end < 0 ? pattern[i..] : pattern[i..end];
                                    foreach (var ch in literal) RegexTranslator.AppendLiteral(output, ch);
                                    i = end < 0 ? pattern.Length : end + 2;
                                    break;
                                }
                            case 'E': break;
                            case 'x' when i < pattern.Length && pattern[i] == '{':
                                {
                                    var end = pattern.IndexOf('}', i);
                                    if (end < 0) throw new RegexSyntaxException("missing terminating } in \\x{}");
                                    var value = int.Parse(pattern.AsSpan(i + 1, end - i - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                                    RegexTranslator.AppendLiteral(output, (char)value);
                                    i = end + 1;
                                    break;
                                }
                            default:
                                output.Append('\\').Append(e);
                                break;
                        }
                        break;
                    }
                case '[':
                    i++;
                    output.Append(RegexTranslator.ParseBracket(pattern, ref i, perlEscapes: true));
                    break;
                case '(':
                    depth++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                    {
                        if (pattern.AsSpan(i).StartsWith("(?P<"))
                        {
                            groups++;
                            output.Append("(?<");
                            i += 4;
                            break;
                        }
                        if (pattern.AsSpan(i).StartsWith("(?<") && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!')) groups++;
                    }
                    else
                    {
                        groups++;
                    }
                    output.Append(c);
                    i++;
                    break;
                case ')':
                    depth--;
                    output.Append(c);
                    i++;
                    break;
                case '|':
                    if (depth == 0) alternation = true;
                    output.Append(c);
                    i++;
                    break;
                case '+' when i > 0 && pattern[i - 1] is '*' or '+' or '?' or '}' && !(i > 1 && pattern[i - 2] == '\\'):
                    // Possessive quantifiers: the greedy form finds the same matches in nearly every practical case.
                    i++;
                    break;
                default:
                    output.Append(c);
                    i++;
                    break;
            }
        }
        var text = output.ToString();
        if (keepAt is { } keep)
            text = "(?<=" + text[..keep] + ")" + text[keep..];
        return new TranslatedRegex(text, groups, alternation, HasEndAnchors: true, []);
    }
}
