using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

public sealed partial class Parser
{
    private static bool IsSpecialParameter(char c) => c is '@' or '*' or '#' or '?' or '-' or '$' or '!';

    private WordPart ReadBracedParameter()
    {
        var openedAt = pos;
        try
        {
            return ReadStructuredParameter();
        }
        catch (ParseException) when (FindParameterEnd(openedAt) is { } end)
        {
            // bash finds the end of ${...} first and complains about its inside only when expanding it.
            pos = end;
            return new BadSubstitutionPart(text[openedAt..end]);
        }
    }

    /// <summary>The position after the `}` closing the expansion at <paramref name="openedAt"/>, or null when input ends first.</summary>
    private int? FindParameterEnd(int openedAt)
    {
        var saved = pos;
        try
        {
            BadSubstitution(openedAt);
            return pos;
        }
        catch (ParseException)
        {
            return null;
        }
        finally
        {
            pos = saved;
        }
    }

    private WordPart ReadStructuredParameter()
    {
        var openedAt = pos;
        pos += 2; // ${
        var inDoubleQuotes = doubleQuoteDepth > 0;
        var length = false;
        var indirect = false;
        if (Cur == '#' && At(1) != '}' && StartsParameterName(At(1)) && !(At(1) is '-' or '=' or '?' or '+' && At(2) != '}'))
        {
            length = true;
            pos++;
        }
        else if (Cur == '!' && At(1) != '}' && StartsParameterName(At(1)))
        {
            indirect = true;
            pos++;
        }

        var name = ReadParameterName();
        if (name.Length == 0)
        {
            return BadSubstitution(openedAt);
        }

        var indexKind = IndexKind.None;
        Word? index = null;
        if (Cur == '[' && IsValidName(name))
        {
            pos++;
            index = ReadDelimitedWord(static (_, c, depth) => c == ']' && depth == 0, '[', ']', missing: "}", openedAt: openedAt);
            pos++;
            indexKind = index.UnquotedText switch
            {
                "@" => IndexKind.AllWords,
                "*" => IndexKind.AllJoined,
                _ => IndexKind.Element,
            };
            if (indexKind != IndexKind.Element)
            {
                index = null;
            }

        }

        if (indirect)
        {
            if (indexKind == IndexKind.None && IsValidName(name) && Cur is '*' or '@' && At(1) == '}')
            {
                var kind = Cur == '*' ? IndexKind.AllJoined : IndexKind.AllWords;
                pos += 2;
                return new ParameterPart(new ParameterExpansion(name, ParameterOperator.NamesWithPrefix, kind));
            }

            if (indexKind is IndexKind.AllWords or IndexKind.AllJoined && Cur == '}')
            {
                pos++;
                return new ParameterPart(new ParameterExpansion(name, ParameterOperator.Keys, indexKind));
            }
        }

        if (length)
        {
            if (Cur != '}')
            {
                return BadSubstitution(openedAt);
            }

            pos++;
            return new ParameterPart(new ParameterExpansion(name, ParameterOperator.Length, indexKind, index));
        }

        ParameterExpansion Make(ParameterOperator op, Word? argument = null, Word? replacement = null, char transform = '\0') =>
            new(name, op, indexKind, index, argument, replacement, indirect, transform);

        if (AtEnd)
        {
            throw UnexpectedEof("}", openedAt);
        }

        var c = Cur;
        switch (c)
        {
            case '}':
                pos++;
                return new ParameterPart(Make(ParameterOperator.None));
            case ':' when At(1) is '-' or '=' or '?' or '+':
                {
                    var op = At(1) switch
                    {
                        '-' => ParameterOperator.DefaultIfUnsetOrEmpty,
                        '=' => ParameterOperator.AssignIfUnsetOrEmpty,
                        '?' => ParameterOperator.ErrorIfUnsetOrEmpty,
                        _ => ParameterOperator.AlternativeIfSetAndNotEmpty,
                    };
                    pos += 2;
                    return new ParameterPart(Make(op, ReadParameterArgument(openedAt, "", singleQuoteIsLiteral: inDoubleQuotes)));
                }

            case '-' or '=' or '?' or '+':
                {
                    var op = c switch
                    {
                        '-' => ParameterOperator.DefaultIfUnset,
                        '=' => ParameterOperator.AssignIfUnset,
                        '?' => ParameterOperator.ErrorIfUnset,
                        _ => ParameterOperator.AlternativeIfSet,
                    };
                    pos++;
                    return new ParameterPart(Make(op, ReadParameterArgument(openedAt, "", singleQuoteIsLiteral: inDoubleQuotes)));
                }

            case ':':
                {
                    pos++;
                    var offset = ReadParameterArgument(openedAt, ":", singleQuoteIsLiteral: false);
                    Word? count = null;
                    if (Cur == ':')
                    {
                        pos++;
                        count = ReadParameterArgument(openedAt, "", singleQuoteIsLiteral: false);
                    }
                    else
                    {
                        pos++; // }
                    }

                    return new ParameterPart(Make(ParameterOperator.Substring, offset, count));
                }

            case '#' or '%':
                {
                    var doubled = At(1) == c;
                    var op = (c, doubled) switch
                    {
                        ('#', false) => ParameterOperator.RemoveShortestPrefix,
                        ('#', true) => ParameterOperator.RemoveLongestPrefix,
                        (_, false) => ParameterOperator.RemoveShortestSuffix,
                        _ => ParameterOperator.RemoveLongestSuffix,
                    };
                    pos += doubled ? 2 : 1;
                    return new ParameterPart(Make(op, ReadParameterArgument(openedAt, "", singleQuoteIsLiteral: false)));
                }

            case '^' or ',':
                {
                    var doubled = At(1) == c;
                    var op = (c, doubled) switch
                    {
                        ('^', false) => ParameterOperator.UpperFirst,
                        ('^', true) => ParameterOperator.UpperAll,
                        (_, false) => ParameterOperator.LowerFirst,
                        _ => ParameterOperator.LowerAll,
                    };
                    pos += doubled ? 2 : 1;
                    return new ParameterPart(Make(op, ReadParameterArgument(openedAt, "", singleQuoteIsLiteral: false)));
                }

            case '/':
                {
                    pos++;
                    var op = Cur switch
                    {
                        '/' => ParameterOperator.ReplaceAll,
                        '#' => ParameterOperator.ReplacePrefix,
                        '%' => ParameterOperator.ReplaceSuffix,
                        _ => ParameterOperator.ReplaceFirst,
                    };
                    if (op != ParameterOperator.ReplaceFirst)
                    {
                        pos++;
                    }

                    var pattern = ReadParameterArgument(openedAt, "/", singleQuoteIsLiteral: false);
                    Word? replacement = null;
                    if (Cur == '/')
                    {
                        pos++;
                        replacement = ReadParameterArgument(openedAt, "", singleQuoteIsLiteral: false);
                    }
                    else
                    {
                        pos++; // }
                    }

                    return new ParameterPart(Make(op, pattern, replacement));
                }

            case '@' when IsNameChar(At(1)) && At(2) == '}':
                {
                    var letter = At(1);
                    pos += 3;
                    return new ParameterPart(Make(ParameterOperator.Transform, transform: letter));
                }

            default:
                return BadSubstitution(openedAt);
        }
    }

    /// <summary>
    /// Reads an operator's word up to `}` (consumed, unless <paramref name="alsoStopAt"/> stopped it).
    /// Inside double quotes bash keeps single quotes literal in the default/alternative operators.
    /// </summary>
    private Word ReadParameterArgument(int openedAt, string alsoStopAt, bool singleQuoteIsLiteral)
    {
        // Bare braces do not nest: in ${x:-{a}} the first `}` closes the expansion, as in bash.
        var word = ReadDelimitedWord(
            (_, c, _) => c == '}' || alsoStopAt.Contains(c),
            '\0',
            '\0',
            singleQuoteIsLiteral,
            missing: "}",
            openedAt: openedAt);
        if (alsoStopAt.Length == 0)
        {
            pos++; // }
        }

        return word;
    }

    private static bool StartsParameterName(char c) => IsNameStart(c) || char.IsAsciiDigit(c) || IsSpecialParameter(c);

    private string ReadParameterName()
    {
        var start = pos;
        if (IsNameStart(Cur))
        {
            while (IsNameChar(Cur))
            {
                pos++;
            }
        }
        else if (char.IsAsciiDigit(Cur))
        {
            while (char.IsAsciiDigit(Cur))
            {
                pos++;
            }
        }
        else if (IsSpecialParameter(Cur))
        {
            pos++;
        }

        return text[start..pos];
    }

    /// <summary>Skips to the `}` that closes the expansion at <paramref name="openedAt"/>; bash reports these when expanding.</summary>
    private BadSubstitutionPart BadSubstitution(int openedAt)
    {
        pos = openedAt + 2;
        while (true)
        {
            if (AtEnd)
            {
                throw UnexpectedEof("}", openedAt);
            }

            var c = Cur;
            switch (c)
            {
                case '\\':
                    pos += 2;
                    continue;
                case '\'':
                    ReadSingleQuoted();
                    continue;
                case '"':
                    ReadDoubleQuoted(localized: false);
                    continue;
                case '`':
                    ReadBackquoted(inDoubleQuotes: false);
                    continue;
                case '$' when At(1) == '{':
                    BadSubstitution(pos);
                    continue;
                case '$' when At(1) == '(':
                    ReadDollar(new PartsBuilder(), inDoubleQuotes: false);
                    continue;
            }

            pos++;
            if (c == '}')
            {
                return new BadSubstitutionPart(text[openedAt..pos]);
            }
        }
    }
}
