using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

/// <summary>
/// A recursive-descent parser for bash 5 scripts. The lexer is part of it because bash's
/// tokens depend on where the parser is: reserved words only in command position, assignments
/// only before the command name, here-document bodies after the line that names them, and
/// command substitutions parsed as nested scripts.
/// </summary>
public sealed partial class Parser
{
    private readonly int lineOffset;
    private readonly Func<string, string?>? aliases;
    private readonly List<AliasExpansion> aliasExpansions = [];
    private string text;
    private int[] lineStarts;
    private int expandWordAliasFrom = -1;

    /// <summary>The lines as written, for error messages: alias expansion rewrites <see cref="text"/>.</summary>
    private readonly string[] sourceLines;
    private readonly List<HereDocument> pendingHereDocuments = [];
    private Token? peeked;
    private int pos;
    private bool endNewlineReturned;
    private int nesting;
    private int doubleQuoteDepth;

    private Parser(string text, int lineOffset, Func<string, string?>? aliases = null)
    {
        this.text = text;
        this.lineOffset = lineOffset;
        this.aliases = aliases;
        lineStarts = LineStarts(text);
        sourceLines = aliases is null ? [] : text.Split('\n');
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    /// <summary>Deepest nesting of compound commands and substitutions accepted before failing cleanly.</summary>
    public const int MaxNesting = 500;

    /// <summary>Parses a whole script (a file, a <c>-c</c> string, an <c>eval</c> argument).</summary>
    /// <exception cref="ParseException">The script has a syntax error.</exception>
    public static Script Parse(string source) => Parse(source, firstLine: 1);

    /// <summary>Parses a script whose first line is numbered <paramref name="firstLine"/> (for line numbers in messages).</summary>
    public static Script Parse(string source, int firstLine)
    {
        ArgumentNullException.ThrowIfNull(source);
        var parser = new Parser(source, firstLine - 1);
        try
        {
            return parser.ParseScript();
        }
        catch (ParseException error)
        {
            error.UnterminatedHereDocuments = parser.unterminatedHereDocuments;
            throw;
        }
    }

    /// <summary>
    /// Parses one complete command line at a time, the way bash reads a script: each item holds the
    /// statements up to the next newline that ends a command (a compound command may span lines), so a
    /// caller can run each before the next is parsed. A syntax error is thrown when its line is reached,
    /// after the earlier lines were returned.
    /// </summary>
    /// <param name="aliases">Alias lookup for the first word of each simple command (null: no alias expansion).
    /// It is asked as each line is read, so an alias defined by one line applies from the next, as in bash.</param>
    public static IEnumerable<Script> ParseLines(string source, int firstLine = 1, Func<string, string?>? aliases = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var parser = new Parser(source, firstLine - 1, aliases);
        while (true)
        {
            Script? line;
            try
            {
                line = parser.ParseNextLine();
            }
            catch (ParseException error)
            {
                error.UnterminatedHereDocuments = parser.unterminatedHereDocuments;
                throw;
            }

            if (line is null)
            {
                yield break;
            }

            yield return line;
        }
    }

    private Script? ParseNextLine()
    {
        SkipNewlines(commandStart: true);
        if (Peek(assignmentMode: true).Kind == TokenKind.EndOfInput)
        {
            return null;
        }

        var statements = new List<Statement>();
        while (true)
        {
            var token = Peek(assignmentMode: true);
            if (token.Kind == TokenKind.EndOfInput)
            {
                break;
            }

            var line = LineAt(token.Start);
            var list = ParseAndOr();
            var separator = Peek();
            if (separator.IsOperator(";") || separator.IsOperator("&"))
            {
                Next();
                statements.Add(new Statement(list, separator.Text == "&", line));
                if (Peek().Kind == TokenKind.Newline)
                {
                    Next();
                    break;
                }
            }
            else if (separator.Kind is TokenKind.Newline or TokenKind.EndOfInput)
            {
                statements.Add(new Statement(list, false, line));
                if (separator.Kind == TokenKind.Newline)
                {
                    Next();
                }

                break;
            }
            else
            {
                throw Unexpected(separator);
            }
        }

        return new Script(statements);
    }

    private Script ParseScript()
    {
        var statements = ParseCompoundList(static _ => false);
        var next = Peek();
        if (next.Kind != TokenKind.EndOfInput)
        {
            throw Unexpected(next);
        }

        return new Script(statements);
    }

    private int LineAt(int position)
    {
        var index = Array.BinarySearch(lineStarts, position);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return index + 1 + lineOffset;
    }

    private string SourceLineAt(int position)
    {
        var index = Array.BinarySearch(lineStarts, Math.Min(position, text.Length));
        if (index < 0)
        {
            index = ~index - 1;
        }

        if (aliasExpansions.Count > 0 && index < sourceLines.Length)
        {
            return sourceLines[index];
        }

        var start = lineStarts[index];
        var end = text.IndexOf('\n', start);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>The line bash blames when input ends early: one past the last line.</summary>
    private int EndOfInputLine =>
        lineStarts.Length + lineOffset + (text.Length > 0 && text[^1] == '\n' ? 0 : 1);

    private ParseException Unexpected(Token token)
    {
        if (token.Kind == TokenKind.EndOfInput)
        {
            return new ParseException("syntax error: unexpected end of file", EndOfInputLine, incomplete: true);
        }

        var shown = token.Kind == TokenKind.Newline ? "newline" : token.Text;
        return new ParseException(
            $"syntax error near unexpected token `{shown}'",
            LineAt(token.Start),
            incomplete: false,
            SourceLineAt(token.Start));
    }

    private ParseException UnexpectedEof(string closing, int openedAt) =>
        new($"unexpected EOF while looking for matching `{closing}'", LineAt(openedAt), incomplete: true);

    private ParseException Error(string message, int at) => new(message, LineAt(at), incomplete: false);

    private void Enter(int at)
    {
        if (++nesting > MaxNesting)
        {
            throw Error("expression nesting level exceeded", at);
        }
    }

    private void Leave() => nesting--;
}
