using System.Text;
using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

public sealed partial class Parser
{
    private enum TokenKind
    {
        Word,
        Operator,
        Newline,
        EndOfInput,

        /// <summary>A number directly before a redirection operator: <c>2&gt;</c>.</summary>
        IoNumber,

        /// <summary><c>{name}</c> directly before a redirection operator.</summary>
        IoVariable,
    }

    private sealed record Token(TokenKind Kind, string Text, int Start, int End, bool AssignmentMode = false)
    {
        public Word? Word { get; init; }

        public Assignment? Assignment { get; init; }

        public bool IsWord(string reserved) => Kind == TokenKind.Word && Word?.UnquotedText == reserved;

        public bool IsOperator(string op) => Kind == TokenKind.Operator && Text == op;
    }

    // Longest first, so that a prefix never wins over the full operator.
    private static readonly string[] Operators =
    [
        ";;&", "<<<", "<<-", "&>>",
        ";;", ";&", "&&", "||", "|&", "&>", "<<", "<&", "<>", ">>", ">&", ">|",
        ";", "&", "|", "(", ")", "<", ">",
    ];

    private static readonly HashSet<string> RedirectionOperators =
        ["<", ">", ">>", ">|", "<>", "<&", ">&", "&>", "&>>", "<<<", "<<", "<<-"];

    private char Cur => pos < text.Length ? text[pos] : '\0';

    private char At(int offset) => pos + offset < text.Length ? text[pos + offset] : '\0';

    private bool AtEnd => pos >= text.Length;

    private static bool IsMeta(char c) => c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '(' or ')' or '<' or '>';

    private static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsNameChar(char c) => IsNameStart(c) || char.IsAsciiDigit(c);

    private static bool IsValidName(string s) => s.Length > 0 && IsNameStart(s[0]) && s.All(IsNameChar);

    private Token Peek(bool assignmentMode = false)
    {
        if (peeked is not null)
        {
            if (peeked.Kind != TokenKind.Word || peeked.AssignmentMode == assignmentMode)
            {
                return peeked;
            }

            // Re-reading a word re-parses its substitutions; do it only when the mode changes its meaning,
            // or nested substitutions would be read an exponential number of times.
            if (peeked.Assignment is null && (!assignmentMode || !LooksLikeAssignment(peeked.Start)) && !(assignmentMode && MayBeAlias(peeked)))
            {
                peeked = peeked with { AssignmentMode = assignmentMode };
                return peeked;
            }

            pos = peeked.Start;
            peeked = null;
        }

        peeked = Lex(assignmentMode);
        return peeked;
    }

    private Token Next(bool assignmentMode = false)
    {
        var token = Peek(assignmentMode);
        peeked = null;
        return token;
    }

    /// <summary>Skips newline tokens; <paramref name="commandStart"/> reads the next word as a command would, so it is not read twice.</summary>
    private void SkipNewlines(bool commandStart = false)
    {
        while (Peek(commandStart).Kind == TokenKind.Newline)
        {
            Next();
        }
    }

    /// <summary>
    /// Skips blanks, line continuations and a comment, stopping before a newline; with
    /// <paramref name="newlines"/> (inside an array's parentheses) newlines too, reading the here-documents they end.
    /// </summary>
    private void SkipBlanksAndComment(bool newlines = false)
    {
        while (true)
        {
            if (Cur is ' ' or '\t')
            {
                pos++;
            }
            else if (newlines && Cur == '\n')
            {
                pos++;
                ReadPendingHereDocuments();
            }
            else if (Cur == '\\' && At(1) == '\n')
            {
                pos += 2;
            }
            else if (Cur == '#')
            {
                while (!AtEnd && Cur != '\n')
                {
                    pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private Token Lex(bool assignmentMode)
    {
        SkipBlanksAndComment();
        var start = pos;
        if (AtEnd)
        {
            // bash sees the end of a -c string as one more newline before the end of input.
            if (!endNewlineReturned)
            {
                endNewlineReturned = true;
                ReadPendingHereDocuments();
                return new Token(TokenKind.Newline, "\n", start, start);
            }

            return new Token(TokenKind.EndOfInput, "", start, start);
        }

        if (Cur == '\n')
        {
            pos++;
            ReadPendingHereDocuments();
            return new Token(TokenKind.Newline, "\n", start, start + 1);
        }

        if ((Cur == '<' || Cur == '>') && At(1) == '(')
        {
            return LexWord(assignmentMode: false);
        }

        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(text, pos, op, 0, op.Length) == 0)
            {
                pos += op.Length;
                return new Token(TokenKind.Operator, op, start, pos);
            }
        }

        return LexWord(assignmentMode);
    }

    private Token LexWord(bool assignmentMode)
    {
        var start = pos;
        if (assignmentMode && TryLexAssignment(start) is { } assignmentToken)
        {
            return assignmentToken;
        }

        var word = ReadWord(start);
        var token = new Token(TokenKind.Word, text[start..pos], start, pos, assignmentMode) { Word = word };
        if (Cur is '<' or '>' && At(1) != '(')
        {
            if (word.UnquotedText is { } digits && digits.Length <= 9 && digits.All(char.IsAsciiDigit))
            {
                return token with { Kind = TokenKind.IoNumber };
            }

            if (word.UnquotedText is ['{', .. var name, '}'] && IsValidName(name))
            {
                return token with { Kind = TokenKind.IoVariable, Text = name };
            }
        }

        var aliasPosition = assignmentMode || (expandWordAliasFrom >= 0 && start >= expandWordAliasFrom);
        if (start >= expandWordAliasFrom)
        {
            expandWordAliasFrom = -1;
        }

        if (aliasPosition && aliases is not null && TryExpandAlias(start, word))
        {
            return Lex(assignmentMode);
        }

        return token;
    }

    /// <summary>
    /// Replaces an unquoted command word that names an alias by the alias's text, to be read again in its
    /// place. An alias is not expanded again inside its own text (so <c>alias ls='ls -F'</c> ends); a
    /// text ending in a blank makes the next word a candidate too.
    /// </summary>
    private bool TryExpandAlias(int start, Word word)
    {
        var name = text[start..pos];
        if (word.UnquotedText != name || name.Length == 0 || aliasExpansions.Any(e => e.Name == name && e.Start <= start && start < e.End))
        {
            return false;
        }

        if (aliases!(name) is not { } value)
        {
            return false;
        }

        var nested = aliasExpansions.Any(e => e.Start <= start && start < e.End);
        var delta = value.Length - name.Length;
        for (var i = 0; i < aliasExpansions.Count; i++)
        {
            var expansion = aliasExpansions[i];
            if (expansion.Start > start)
            {
                aliasExpansions[i] = expansion with { Start = expansion.Start + delta, End = expansion.End + delta };
            }
            else if (expansion.End >= pos)
            {
                aliasExpansions[i] = expansion with { End = expansion.End + delta };
            }
        }

        aliasExpansions.Add(new AliasExpansion(name, start, start + value.Length));
        text = string.Concat(text.AsSpan(0, start), value, text.AsSpan(pos));
        lineStarts = LineStarts(text);
        pos = start;
        // A text ending in a blank makes the next word a candidate too (not for an alias met inside another's text, as bash).
        expandWordAliasFrom = !nested && value.Length > 0 && value[^1] is ' ' or '\t' ? start + value.Length : -1;
        return true;
    }

    /// <summary>True when a word read outside command position would be an alias there (so it must be read again).</summary>
    private bool MayBeAlias(Token token) =>
        aliases is not null && token.Word?.UnquotedText is { Length: > 0 } name && name == token.Text && aliases(name) is not null;

    private sealed record AliasExpansion(string Name, int Start, int End);

    /// <summary>Reads <c>name=</c>, <c>name+=</c>, <c>name[sub]=</c> and what follows, or returns null (position unchanged).</summary>
    private Token? TryLexAssignment(int start)
    {
        if (!IsNameStart(Cur))
        {
            return null;
        }

        var nameBuilder = new StringBuilder();
        var nameEnd = pos;
        while (true)
        {
            nameEnd = SkipContinuations(nameEnd);
            if (nameEnd >= text.Length || !IsNameChar(text[nameEnd]))
            {
                break;
            }

            nameBuilder.Append(text[nameEnd++]);
        }

        var name = nameBuilder.ToString();
        Word? index = null;
        var scan = nameEnd;
        if (scan < text.Length && text[scan] == '[')
        {
            var close = FindClosingBracket(scan);
            if (close < 0)
            {
                return null;
            }

            scan = close + 1;
        }

        scan = SkipContinuations(scan);
        var append = false;
        if (scan < text.Length && text[scan] == '+')
        {
            append = true;
            scan = SkipContinuations(scan + 1);
        }

        if (scan >= text.Length || text[scan] != '=')
        {
            return null;
        }

        if (text[nameEnd] == '[')
        {
            pos = nameEnd + 1;
            index = ReadDelimitedWord(static (p, c, depth) => c == ']' && depth == 0, '[', ']');
            pos++; // ]
        }

        pos = scan + 1;
        Assignment assignment;
        if (Cur == '(')
        {
            var elements = ReadArrayElements();
            assignment = new Assignment(name, index, append, null, elements);
        }
        else
        {
            var value = ReadWord(pos);
            assignment = new Assignment(name, index, append, value, null);
        }

        var raw = text[start..pos];
        var asWord = new Word(SyntaxList.Of<WordPart>(new AssignmentPart(assignment)));
        return new Token(TokenKind.Word, raw, start, pos, AssignmentMode: true) { Word = asWord, Assignment = assignment };
    }

    /// <summary>Whether the word at <paramref name="start"/> begins with <c>name=</c>, <c>name+=</c> or <c>name[...]=</c>.</summary>
    private bool LooksLikeAssignment(int start)
    {
        var at = SkipContinuations(start);
        if (at >= text.Length || !IsNameStart(text[at]))
        {
            return false;
        }

        while (true)
        {
            at = SkipContinuations(at);
            if (at >= text.Length || !IsNameChar(text[at]))
            {
                break;
            }

            at++;
        }

        if (at < text.Length && text[at] == '[')
        {
            var close = FindClosingBracket(at);
            if (close < 0)
            {
                return false;
            }

            at = close + 1;
        }

        at = SkipContinuations(at);
        if (at < text.Length && text[at] == '+')
        {
            at = SkipContinuations(at + 1);
        }

        return at < text.Length && text[at] == '=';
    }

    private int SkipContinuations(int at)
    {
        while (at + 1 < text.Length && text[at] == '\\' && text[at + 1] == '\n')
        {
            at += 2;
        }

        return at;
    }

    /// <summary>Where the <c>"</c> at <paramref name="open"/> closes, stepping over backslash escapes; past the text's end if it does not.</summary>
    private int ClosingDoubleQuote(int open)
    {
        var i = open;
        while (++i < text.Length && text[i] != '"')
        {
            if (text[i] == '\\')
            {
                i++;
            }
        }

        return i;
    }

    /// <summary>Finds the `]` closing the `[` at <paramref name="open"/> on the same word, honouring quotes; -1 if none.</summary>
    private int FindClosingBracket(int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\':
                    i++;
                    break;
                case '\'':
                    i = text.IndexOf('\'', i + 1);
                    if (i < 0)
                    {
                        return -1;
                    }

                    break;
                case '"':
                    i = ClosingDoubleQuote(i);
                    break;
                case '[':
                    depth++;
                    break;
                case ']':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
                case '\n':
                    return -1;
            }
        }

        return -1;
    }

    private SyntaxList<ArrayElement> ReadArrayElements()
    {
        var open = pos;
        pos++; // (
        var elements = new List<ArrayElement>();
        while (true)
        {
            SkipArrayBlanks();
            if (AtEnd)
            {
                throw UnexpectedEof(")", open);
            }

            if (Cur == ')')
            {
                pos++;
                return elements;
            }

            if (IsMeta(Cur))
            {
                throw Unexpected(new Token(TokenKind.Operator, Cur.ToString(), pos, pos + 1));
            }

            if (Cur == '[')
            {
                var close = FindClosingBracket(pos);
                if (close > 0 && close + 1 < text.Length && (text[close + 1] == '=' || (text[close + 1] == '+' && close + 2 < text.Length && text[close + 2] == '=')))
                {
                    pos++;
                    var key = ReadDelimitedWord(static (p, c, depth) => c == ']' && depth == 0, '[', ']');
                    pos = close + 1;
                    var appendToKey = Cur == '+';
                    pos += appendToKey ? 2 : 1;
                    var value = ReadWord(pos);
                    elements.Add(new ArrayElement(key, value, appendToKey));
                    continue;
                }
            }

            elements.Add(new ArrayElement(null, ReadWord(pos)));
        }
    }

    private void SkipArrayBlanks() => SkipBlanksAndComment(newlines: true);

    private readonly List<HereDocument> unterminatedHereDocuments = [];

    private void ReadPendingHereDocuments()
    {
        if (pendingHereDocuments.Count == 0)
        {
            return;
        }

        var documents = pendingHereDocuments.ToArray();
        pendingHereDocuments.Clear();
        foreach (var document in documents)
        {
            ReadHereDocumentBody(document);
        }
    }

    private void ReadHereDocumentBody(HereDocument document)
    {
        var bodyStartLine = LineAt(pos);
        var body = new StringBuilder();
        var delimited = false;
        while (!AtEnd)
        {
            var end = text.IndexOf('\n', pos);
            var lineEnd = end < 0 ? text.Length : end;
            var line = text[pos..lineEnd];
            pos = end < 0 ? text.Length : end + 1;
            while (!document.Quoted && EndsWithOddBackslashes(line) && !AtEnd)
            {
                // An unquoted body joins continued lines before looking for the delimiter, as bash does.
                end = text.IndexOf('\n', pos);
                lineEnd = end < 0 ? text.Length : end;
                line = line[..^1] + text[pos..lineEnd];
                pos = end < 0 ? text.Length : end + 1;
            }
            if (document.StripTabs)
            {
                line = line.TrimStart('\t');
            }

            if (line == document.Delimiter)
            {
                delimited = true;
                break;
            }

            body.Append(line).Append('\n');
        }

        if (!delimited)
        {
            document.Unterminated = (bodyStartLine - 1, LineAt(Math.Max(0, text.Length - 1)));
            unterminatedHereDocuments.Add(document);
        }

        var content = body.ToString();
        document.Body = document.Quoted
            ? Word.Quoted(content)
            : new Parser(content, bodyStartLine - 1).ReadHereDocumentContent();
    }

    private static bool EndsWithOddBackslashes(string line)
    {
        var count = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }
}
