using System.Globalization;
using System.Text;
using Mirage.Commands.Text.RegexTranslation;

namespace Mirage.Commands.Text.Sed;

/// <summary>Parses a sed script (Latin-1 text) into a flat instruction list; blocks and branches become jumps.</summary>
internal sealed class SedParser(string script, bool extended)
{
    private readonly List<SedInstruction> _program = [];
    private readonly Stack<int> _blocks = new();
    private int _position;

    private bool AtEnd => _position >= script.Length;

    private char Peek => _position < script.Length ? script[_position] : '\0';

    public List<SedInstruction> Parse()
    {
        while (true)
        {
            while (!AtEnd && (char.IsWhiteSpace(Peek) || Peek == ';')) _position++;
            if (AtEnd) break;
            if (Peek == '#')
            {
                SkipToEndOfLine();
                continue;
            }
            var instruction = new SedInstruction();
            if (TryParseAddress(out var first))
            {
                instruction.First = first;
                SkipSpaces();
                if (Peek == ',')
                {
                    _position++;
                    SkipSpaces();
                    if (Peek is '+' or '~')
                    {
                        instruction.SecondKind = Peek == '+' ? RangeEndKind.Plus : RangeEndKind.Multiple;
                        _position++;
                        if (!char.IsAsciiDigit(Peek)) throw Error("expected newer version of sed");
                        instruction.SecondCount = ReadNumber();
                        instruction.Second = new SedAddress(AddressKind.Line, instruction.SecondCount);
                    }
                    else if (TryParseAddress(out var second))
                    {
                        if (second.Kind == AddressKind.Zero) throw Error("invalid usage of line address 0");
                        if (second.Kind == AddressKind.Step) second = new SedAddress(AddressKind.Line, second.Line);
                        instruction.Second = second;
                    }
                    else
                    {
                        throw Error("unexpected `,'");
                    }
                }
                if (first.Kind == AddressKind.Zero && (instruction.Second is null || instruction.Second.Kind != AddressKind.Regex))
                    throw Error("invalid usage of line address 0", 1);
            }
            SkipSpaces();
            if (Peek == '!')
            {
                instruction.Negate = true;
                _position++;
                SkipSpaces();
                if (Peek == '!') throw Error("multiple `!'s", 1);
            }
            if (AtEnd) throw Error("missing command");
            var name = script[_position++];
            instruction.Name = name;
            var hasAddress = instruction.First is not null;
            switch (name)
            {
                case '{':
                    _blocks.Push(_program.Count);
                    _program.Add(instruction);
                    continue;
                case '}':
                    if (hasAddress) throw Error("unexpected `}'");
                    if (_blocks.Count == 0) throw Error("unexpected `}'");
                    _program[_blocks.Pop()].Jump = _program.Count;
                    _program.Add(instruction);
                    EndOfCommand();
                    continue;
                case '=' or 'd' or 'D' or 'g' or 'G' or 'h' or 'H' or 'n' or 'N' or 'p' or 'P' or 'x' or 'z' or 'F':
                    EndOfCommand();
                    break;
                case 'a' or 'i' or 'c':
                    instruction.Text = ReadText();
                    break;
                case ':':
                    if (hasAddress) throw Error(": doesn't want any addresses");
                    SkipSpaces();
                    instruction.Text = ReadLabel();
                    if (instruction.Text.Length == 0) throw Error("\":\" lacks a label");
                    break;
                case 'b' or 't' or 'T':
                    SkipSpaces();
                    instruction.Text = ReadLabel();
                    break;
                case 'r' or 'R' or 'w' or 'W':
                    SkipSpaces();
                    instruction.Text = ReadToEndOfLine();
                    if (instruction.Text.Length == 0) throw Error("missing filename in r/R/w/W commands");
                    break;
                case 'e':
                    SkipSpaces();
                    instruction.Text = ReadToEndOfLine();
                    break;
                case 'q' or 'Q' or 'l' or 'L':
                    if (name is 'q' or 'Q' && instruction.Second is not null) throw Error("command only uses one address");
                    SkipSpaces();
                    if (char.IsAsciiDigit(Peek)) instruction.Number = (int)Math.Min(int.MaxValue, ReadNumber());
                    EndOfCommand();
                    break;
                case 's':
                    ParseSubstitute(instruction);
                    break;
                case 'y':
                    ParseTransliterate(instruction);
                    EndOfCommand();
                    break;
                case 'v':
                    ReadLabel();
                    break;
                case '#':
                    throw Error("comments don't accept any addresses");
                default:
                    throw Error($"unknown command: `{name}'");
            }
            _program.Add(instruction);
        }
        if (_blocks.Count > 0) throw new SedScriptException("unmatched `{'", 0);
        for (var i = 0; i < _program.Count; i++)
        {
            var instruction = _program[i];
            if (instruction.Name is not ('b' or 't' or 'T')) continue;
            if (instruction.Text.Length == 0)
            {
                instruction.Jump = _program.Count;
                continue;
            }
            var target = _program.FindIndex(p => p.Name == ':' && p.Text == instruction.Text);
            if (target < 0) throw new SedScriptException($"can't find label for jump to `{instruction.Text}'", -1);
            instruction.Jump = target;
        }
        return _program;
    }

    private SedScriptException Error(string message, int adjust = 0) => new(message, _position + adjust);

    private void SkipSpaces()
    {
        while (!AtEnd && Peek is ' ' or '\t') _position++;
    }

    private void SkipToEndOfLine()
    {
        while (!AtEnd && Peek != '\n') _position++;
    }

    private void EndOfCommand()
    {
        SkipSpaces();
        if (AtEnd) return;
        if (Peek is ';' or '\n')
        {
            _position++;
            return;
        }
        if (Peek is '}' or '#') return;
        _position++;
        throw Error("extra characters after command");
    }

    private long ReadNumber()
    {
        var start = _position;
        while (!AtEnd && char.IsAsciiDigit(Peek)) _position++;
        return long.TryParse(script.AsSpan(start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : long.MaxValue;
    }

    private string ReadLabel()
    {
        var start = _position;
        while (!AtEnd && Peek is not ('\n' or ';')) _position++;
        var label = script[start.._position].TrimEnd(' ', '\t');
        if (!AtEnd) _position++;
        return label;
    }

    private string ReadToEndOfLine()
    {
        var start = _position;
        SkipToEndOfLine();
        var text = script[start.._position];
        if (!AtEnd) _position++;
        return text;
    }

    private bool TryParseAddress(out SedAddress address)
    {
        address = null!;
        if (char.IsAsciiDigit(Peek))
        {
            var number = ReadNumber();
            if (Peek == '~')
            {
                _position++;
                var step = char.IsAsciiDigit(Peek) ? ReadNumber() : 0;
                address = new SedAddress(AddressKind.Step, number, step);
                return true;
            }
            address = number == 0 ? new SedAddress(AddressKind.Zero) : new SedAddress(AddressKind.Line, number);
            return true;
        }
        if (Peek == '$')
        {
            _position++;
            address = new SedAddress(AddressKind.Last);
            return true;
        }
        if (Peek is '/' or '\\')
        {
            var delimiter = '/';
            if (Peek == '\\')
            {
                _position++;
                if (AtEnd) throw Error("unexpected `,'");
                delimiter = Peek;
            }
            _position++;
            var pattern = ReadDelimited(delimiter, "unterminated address regex", isRegex: true);
            var ignoreCase = false;
            var multiline = false;
            while (Peek is 'I' or 'M')
            {
                if (Peek == 'I') ignoreCase = true;
                else multiline = true;
                _position++;
            }
            address = new SedAddress(AddressKind.Regex, Regex: Compile(pattern, ignoreCase, multiline));
            return true;
        }
        return false;
    }

    /// <summary>Reads up to an unescaped <paramref name="delimiter"/>; "\delim" becomes the delimiter itself.</summary>
    private string ReadDelimited(char delimiter, string unterminated, bool isRegex)
    {
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd) throw Error(unterminated);
            var c = script[_position++];
            if (c == delimiter) return builder.ToString();
            if (c == '\n' && isRegex) throw Error(unterminated);
            if (c == '\\')
            {
                if (AtEnd) throw Error(unterminated);
                var next = script[_position++];
                if (next == delimiter) builder.Append(delimiter);
                else if (next == '\n') builder.Append(isRegex ? "\\n" : "\n");
                else builder.Append('\\').Append(next);
                continue;
            }
            builder.Append(c);
        }
    }

    private SedRegex Compile(string pattern, bool ignoreCase, bool multiline)
    {
        if (pattern.Length == 0) return new SedRegex(null, 0);
        try
        {
            var dialect = new RegexDialect(extended ? RegexSyntax.Extended : RegexSyntax.Basic, SedEscapes: true, DotMatchesNewline: true, Multiline: multiline);
            var matcher = PatternMatcher.CreateSingle(pattern, dialect, ignoreCase, out var groups);
            return new SedRegex(matcher, groups);
        }
        catch (RegexSyntaxException e)
        {
            throw Error(e.Message);
        }
    }

    private void ParseSubstitute(SedInstruction instruction)
    {
        if (AtEnd || Peek is '\n' or '\\') throw Error("unterminated `s' command");
        var delimiter = script[_position++];
        var pattern = ReadDelimited(delimiter, "unterminated `s' command", isRegex: true);
        var replacement = ReadDelimited(delimiter, "unterminated `s' command", isRegex: false);
        bool ignoreCase = false, multiline = false, seenGlobal = false, seenNumber = false;
        while (!AtEnd)
        {
            var c = Peek;
            if (c is 'g')
            {
                if (seenGlobal) throw Error("multiple `g' options to `s' command", 1);
                seenGlobal = true;
                instruction.Global = true;
                _position++;
            }
            else if (c == 'p')
            {
                if (instruction.PrintCount > 0) throw Error("multiple `p' options to `s' command", 1);
                instruction.PrintCount++;
                _position++;
            }
            else if (c is 'i' or 'I') { ignoreCase = true; _position++; }
            else if (c is 'm' or 'M') { multiline = true; _position++; }
            else if (c == 'e') { instruction.Evaluate = true; _position++; }
            else if (char.IsAsciiDigit(c))
            {
                if (seenNumber) throw Error("multiple number options to `s' command", 1);
                seenNumber = true;
                var number = ReadNumber();
                if (number == 0) throw Error("number option to `s' command may not be zero");
                instruction.Occurrence = number;
            }
            else if (c == 'w')
            {
                _position++;
                SkipSpaces();
                instruction.WriteFile = ReadToEndOfLine();
                break;
            }
            else if (c is ';' or '\n' or '}' or '#' or ' ' or '\t')
            {
                EndOfCommand();
                break;
            }
            else
            {
                _position++;
                throw Error("unknown option to `s'");
            }
        }
        instruction.Regex = Compile(pattern, ignoreCase, multiline);
        ParseReplacement(replacement, instruction);
    }

    private void ParseReplacement(string text, SedInstruction instruction)
    {
        var parts = instruction.Replacement;
        var literal = new StringBuilder();
        void FlushLiteral()
        {
            if (literal.Length == 0) return;
            parts.Add(new ReplacementPart(literal.ToString(), -1, '\0'));
            literal.Clear();
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '&')
            {
                FlushLiteral();
                parts.Add(new ReplacementPart(null, 0, '\0'));
                continue;
            }
            if (c != '\\' || i + 1 >= text.Length)
            {
                literal.Append(c);
                continue;
            }
            var next = text[++i];
            if (char.IsAsciiDigit(next))
            {
                var group = next - '0';
                if (instruction.Regex?.Matcher is not null && group > instruction.Regex.GroupCount)
                    throw Error($"invalid reference \\{group} on `s' command's RHS");
                FlushLiteral();
                parts.Add(new ReplacementPart(null, group, '\0'));
                continue;
            }
            if (next is 'L' or 'U' or 'l' or 'u' or 'E')
            {
                FlushLiteral();
                parts.Add(new ReplacementPart(null, -1, next));
                continue;
            }
            if (next == '&')
            {
                literal.Append('&');
                continue;
            }
            if (next == '\n')
            {
                literal.Append('\n');
                continue;
            }
            var position = i;
            var value = RegexTranslator.SedEscape(text, ref position);
            if (value >= 0)
            {
                literal.Append((char)value);
                i = position;
                continue;
            }
            literal.Append(next);
        }
        FlushLiteral();
    }

    private void ParseTransliterate(SedInstruction instruction)
    {
        if (AtEnd || Peek is '\n' or '\\') throw Error("unterminated `y' command");
        var delimiter = script[_position++];
        var source = Unescape(ReadDelimited(delimiter, "unterminated `y' command", isRegex: false));
        var target = Unescape(ReadDelimited(delimiter, "unterminated `y' command", isRegex: false));
        if (source.Length != target.Length) throw Error("strings for `y' command are different lengths");
        var map = new byte[256];
        for (var i = 0; i < 256; i++) map[i] = (byte)i;
        for (var i = 0; i < source.Length; i++) map[source[i] & 0xff] = (byte)target[i];
        instruction.Translate = map;
    }

    private static string Unescape(string text)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                builder.Append(text[i]);
                continue;
            }
            i++;
            var position = i;
            var value = text[i] == '\\' ? '\\' : RegexTranslator.SedEscape(text, ref position);
            if (value >= 0)
            {
                builder.Append((char)value);
                i = position;
            }
            else
            {
                builder.Append(text[i]);
            }
        }
        return builder.ToString();
    }

    /// <summary>a, i, c text: "a\" newline text, or GNU's one-line "a text"; backslash-newline continues, escapes expand.</summary>
    private string ReadText()
    {
        SkipSpaces();
        if (Peek == '\\')
        {
            _position++;
            if (Peek == '\n') _position++;
        }
        var builder = new StringBuilder();
        while (!AtEnd)
        {
            var c = script[_position++];
            if (c == '\n') break;
            if (c == '\\' && !AtEnd)
            {
                var next = script[_position];
                if (next == '\n')
                {
                    builder.Append('\n');
                    _position++;
                    continue;
                }
                var position = _position;
                var value = RegexTranslator.SedEscape(script, ref position);
                if (value >= 0)
                {
                    builder.Append((char)value);
                    _position = position + 1;
                    continue;
                }
                builder.Append(next);
                _position++;
                continue;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
