using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

public sealed partial class Parser
{
    private static readonly HashSet<string> DeclarationCommands = ["declare", "typeset", "local", "export", "readonly"];

    /// <summary>Words that can never start a command: seeing one there is a syntax error.</summary>
    private static readonly HashSet<string> ClosingReservedWords = ["then", "else", "elif", "fi", "do", "done", "esac", "}", "in"];

    private SyntaxList<Statement> ParseCompoundList(Func<Token, bool> isTerminator)
    {
        var statements = new List<Statement>();
        while (true)
        {
            SkipNewlines(commandStart: true);
            var token = Peek(assignmentMode: true);
            if (token.Kind == TokenKind.EndOfInput || isTerminator(token))
            {
                return statements;
            }

            var line = LineAt(token.Start);
            var list = ParseAndOr();
            var separator = Peek();
            if (separator.IsOperator(";") || separator.IsOperator("&"))
            {
                Next();
                statements.Add(new Statement(list, separator.Text == "&", line));
            }
            else if (separator.Kind == TokenKind.Newline || separator.Kind == TokenKind.EndOfInput || isTerminator(separator))
            {
                statements.Add(new Statement(list, false, line));
            }
            else
            {
                throw Unexpected(separator);
            }
        }
    }

    /// <summary>A compound list that must not be empty, ended by one of <paramref name="terminators"/>.</summary>
    private SyntaxList<Statement> ParseBody(params string[] terminators)
    {
        var body = ParseCompoundList(token => terminators.Any(token.IsWord));
        if (body.Count == 0)
        {
            throw Unexpected(Peek());
        }

        return body;
    }

    private Token Expect(string reservedWord)
    {
        var token = Next();
        if (!token.IsWord(reservedWord))
        {
            throw Unexpected(token);
        }

        return token;
    }

    private AndOrList ParseAndOr()
    {
        var first = ParsePipeline();
        var rest = new List<AndOrItem>();
        while (true)
        {
            var token = Peek();
            if (!token.IsOperator("&&") && !token.IsOperator("||"))
            {
                return new AndOrList(first, rest);
            }

            Next();
            SkipNewlines(commandStart: true);
            rest.Add(new AndOrItem(token.Text == "&&" ? AndOrOperator.And : AndOrOperator.Or, ParsePipeline()));
        }
    }

    private Pipeline ParsePipeline()
    {
        var start = Peek(assignmentMode: true);
        var line = LineAt(start.Start);
        var negated = false;
        var timed = false;
        var posix = false;
        while (true)
        {
            var token = Peek(assignmentMode: true);
            if (token.IsWord("!"))
            {
                Next();
                negated = !negated;
            }
            else if (token.IsWord("time") && !timed)
            {
                Next();
                timed = true;
                if (Peek(assignmentMode: true).IsWord("-p"))
                {
                    Next(assignmentMode: true);
                    posix = true;
                }
            }
            else
            {
                break;
            }
        }

        var stages = new List<PipelineStage>();
        while (true)
        {
            var command = ParseCommand();
            var token = Peek();
            if (!token.IsOperator("|") && !token.IsOperator("|&"))
            {
                stages.Add(new PipelineStage(command, false));
                return new Pipeline(stages, negated, timed, posix, line);
            }

            Next();
            stages.Add(new PipelineStage(command, token.Text == "|&"));
            SkipNewlines(commandStart: true);
        }
    }

    private Command ParseCommand()
    {
        var token = Peek(assignmentMode: true);
        var line = LineAt(token.Start);
        switch (token.Kind)
        {
            case TokenKind.EndOfInput:
            case TokenKind.Newline:
                throw Unexpected(token);
            case TokenKind.Operator when token.Text == "(":
                return token.Start + 1 < text.Length && text[token.Start + 1] == '(' && TryParseArithmeticCommand(token, line) is { } arithmetic
                    ? WithRedirections(arithmetic)
                    : WithRedirections(ParseSubshell(line));
            case TokenKind.Operator when !RedirectionOperators.Contains(token.Text):
                throw Unexpected(token);
            case TokenKind.Word when token.Assignment is null && token.Word!.UnquotedText is { } reserved:
                switch (reserved)
                {
                    case "{":
                        Next();
                        Enter(token.Start);
                        var group = ParseBody("}");
                        Expect("}");
                        Leave();
                        return WithRedirections(new BraceGroup(group, SyntaxList<Redirection>.Empty, line));
                    case "if":
                        return WithRedirections(ParseIf(line));
                    case "while" or "until":
                        return WithRedirections(ParseWhile(line, reserved == "until"));
                    case "for":
                        return WithRedirections(ParseFor(line));
                    case "select":
                        return WithRedirections(ParseSelect(line));
                    case "case":
                        return WithRedirections(ParseCase(line));
                    case "function":
                        return ParseFunctionKeyword(line);
                    case "[[":
                        return WithRedirections(ParseConditional(line));
                    default:
                        if (ClosingReservedWords.Contains(reserved))
                        {
                            throw Unexpected(token);
                        }

                        break;
                }

                break;
        }

        return ParseSimpleCommand(line);
    }

    private Command WithRedirections(Command command)
    {
        var redirections = new List<Redirection>();
        while (TryParseRedirection(Peek()) is { } redirection)
        {
            redirections.Add(redirection);
        }

        if (redirections.Count == 0)
        {
            return command;
        }

        return command with { Redirections = new SyntaxList<Redirection>([.. command.Redirections, .. redirections]) };
    }

    private Command ParseSimpleCommand(int line)
    {
        var assignments = new List<Assignment>();
        var words = new List<Word>();
        var redirections = new List<Redirection>();
        var declaration = false;
        while (true)
        {
            var assignmentMode = words.Count == 0 || declaration;
            var token = Peek(assignmentMode);
            if (TryParseRedirection(token) is { } redirection)
            {
                redirections.Add(redirection);
                continue;
            }

            if (token.Kind != TokenKind.Word)
            {
                break;
            }

            Next(assignmentMode);
            if (token.Assignment is not null && words.Count == 0)
            {
                assignments.Add(token.Assignment);
                continue;
            }

            words.Add(token.Word!);
            if (words.Count == 1)
            {
                var name = token.Word!.UnquotedText;
                declaration = name is not null && DeclarationCommands.Contains(name);
                if (assignments.Count == 0 && redirections.Count == 0 && name is not null && Peek().IsOperator("("))
                {
                    return ParseFunctionAfterName(name, functionKeyword: false, line);
                }
            }
        }

        if (assignments.Count == 0 && words.Count == 0 && redirections.Count == 0)
        {
            throw Unexpected(Peek());
        }

        return new SimpleCommand(assignments, words, redirections, line);
    }

    private Redirection? TryParseRedirection(Token token)
    {
        int? fd = null;
        string? fdVariable = null;
        if (token.Kind == TokenKind.IoNumber)
        {
            fd = int.Parse(token.Text, System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (token.Kind == TokenKind.IoVariable)
        {
            fdVariable = token.Text;
        }
        else if (token.Kind != TokenKind.Operator || !RedirectionOperators.Contains(token.Text))
        {
            return null;
        }

        Next(token.AssignmentMode);
        var op = token;
        if (fd is not null || fdVariable is not null)
        {
            op = Next();
            if (op.Kind != TokenKind.Operator || !RedirectionOperators.Contains(op.Text))
            {
                throw Unexpected(op);
            }
        }

        var target = Next();
        var duplicates = op.Text is "<&" or ">&";
        if (target.Kind != TokenKind.Word && !(duplicates && target.Kind == TokenKind.IoNumber))
        {
            throw Unexpected(target);
        }

        var targetWord = target.Word!;
        var kind = op.Text switch
        {
            "<" => RedirectionOperator.Input,
            ">" => RedirectionOperator.Output,
            ">>" => RedirectionOperator.Append,
            ">|" => RedirectionOperator.Clobber,
            "<>" => RedirectionOperator.ReadWrite,
            "<&" => RedirectionOperator.DuplicateInput,
            ">&" => RedirectionOperator.DuplicateOutput,
            "&>" => RedirectionOperator.OutputAndError,
            "&>>" => RedirectionOperator.AppendOutputAndError,
            "<<<" => RedirectionOperator.HereString,
            _ => RedirectionOperator.HereDocument,
        };

        HereDocument? hereDocument = null;
        if (kind == RedirectionOperator.HereDocument)
        {
            var raw = text[target.Start..target.End];
            var delimiter = RemoveQuotes(raw);
            hereDocument = new HereDocument(delimiter, quoted: delimiter != raw, stripTabs: op.Text == "<<-");
            pendingHereDocuments.Add(hereDocument);
        }

        return new Redirection(fd, kind, targetWord, hereDocument, fdVariable);
    }

    /// <summary>The delimiter bash compares lines with: the word as written, quote characters removed.</summary>
    private static string RemoveQuotes(string raw)
    {
        var result = new System.Text.StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                result.Append(raw[++i]);
            }
            else if (c is not '\'' and not '"')
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private Subshell ParseSubshell(int line)
    {
        var open = Next();
        Enter(open.Start);
        var body = ParseCompoundList(static token => token.IsOperator(")"));
        var close = Next();
        if (body.Count == 0 || !close.IsOperator(")"))
        {
            throw Unexpected(close);
        }

        Leave();
        return new Subshell(body, SyntaxList<Redirection>.Empty, line);
    }

    /// <summary><c>(( expr ))</c>, or null when the text is really a nested subshell <c>( (a); b )</c>.</summary>
    private ArithmeticCommand? TryParseArithmeticCommand(Token open, int line)
    {
        if (!LooksLikeArithmetic(open.Start + 2))
        {
            return null;
        }

        pos = open.Start + 2;
        peeked = null;
        Word expression;
        try
        {
            expression = ReadArithmeticText(open.Start);
        }
        catch (ParseException e) when (!e.Incomplete)
        {
            // Not arithmetic: a subshell, which reports its own errors.
            pos = open.Start;
            return null;
        }

        if (Cur == ')' && At(1) == ')')
        {
            pos += 2;
            return new ArithmeticCommand(expression, SyntaxList<Redirection>.Empty, line);
        }

        if (pos + 1 >= text.Length)
        {
            throw new ParseException($"syntax error near `{text[open.Start..]}'", LineAt(open.Start), incomplete: false, SourceLineAt(open.Start));
        }

        pos = open.Start;
        return null;
    }

    private IfCommand ParseIf(int line)
    {
        var start = Next();
        Enter(start.Start);
        var clauses = new List<ConditionalClause>();
        SyntaxList<Statement>? elseBody = null;
        while (true)
        {
            var condition = ParseBody("then");
            Expect("then");
            var body = ParseBody("elif", "else", "fi");
            clauses.Add(new ConditionalClause(condition, body));
            var next = Next();
            if (next.IsWord("elif"))
            {
                continue;
            }

            if (next.IsWord("else"))
            {
                elseBody = ParseBody("fi");
                Expect("fi");
            }
            else if (!next.IsWord("fi"))
            {
                throw Unexpected(next);
            }

            break;
        }

        Leave();
        return new IfCommand(clauses, elseBody, SyntaxList<Redirection>.Empty, line);
    }

    private WhileCommand ParseWhile(int line, bool until)
    {
        var start = Next();
        Enter(start.Start);
        var condition = ParseBody("do");
        var body = ParseDoGroup();
        Leave();
        return new WhileCommand(condition, body, until, SyntaxList<Redirection>.Empty, line);
    }

    private SyntaxList<Statement> ParseDoGroup()
    {
        var open = Next();
        if (open.IsWord("{"))
        {
            var group = ParseBody("}");
            Expect("}");
            return group;
        }

        if (!open.IsWord("do"))
        {
            throw Unexpected(open);
        }

        var body = ParseBody("done");
        Expect("done");
        return body;
    }

    private Command ParseFor(int line)
    {
        var start = Next();
        Enter(start.Start);
        SkipBlanksAndComment();
        if (peeked is null && Cur == '(' && At(1) == '(')
        {
            var command = ParseArithmeticFor(line);
            Leave();
            return command;
        }

        var (variable, items) = ParseLoopHeader();
        var body = ParseDoGroup();
        Leave();
        return new ForCommand(variable, items, body, SyntaxList<Redirection>.Empty, line);
    }

    private SelectCommand ParseSelect(int line)
    {
        var start = Next();
        Enter(start.Start);
        var (variable, items) = ParseLoopHeader();
        var body = ParseDoGroup();
        Leave();
        return new SelectCommand(variable, items, body, SyntaxList<Redirection>.Empty, line);
    }

    /// <summary><c>name [in words] ;</c> up to (not including) <c>do</c>.</summary>
    private (string Variable, SyntaxList<Word>? Items) ParseLoopHeader()
    {
        var nameToken = Next();
        if (nameToken.Kind != TokenKind.Word || nameToken.Word!.UnquotedText is not { } variable)
        {
            throw Unexpected(nameToken);
        }

        if (!IsValidName(variable))
        {
            throw Error($"`{variable}': not a valid identifier", nameToken.Start);
        }

        SkipNewlines();
        SyntaxList<Word>? items = null;
        var token = Peek();
        if (token.IsWord("in"))
        {
            Next();
            var words = new List<Word>();
            while (Peek().Kind == TokenKind.Word)
            {
                words.Add(Next().Word!);
            }

            items = words;
            var end = Next();
            if (!end.IsOperator(";") && end.Kind != TokenKind.Newline)
            {
                throw Unexpected(end);
            }
        }
        else if (token.IsOperator(";"))
        {
            Next();
        }

        SkipNewlines();
        return (variable, items);
    }

    private ArithmeticForCommand ParseArithmeticFor(int line)
    {
        var openedAt = pos;
        pos += 2;
        var parts = new Word?[3];
        for (var i = 0; i < 3; i++)
        {
            var expression = ReadArithmeticText(openedAt, stopAtSemicolon: i < 2);
            parts[i] = expression.Parts.Count == 0 || expression.TryGetStaticText() is { } t && string.IsNullOrWhiteSpace(t) ? null : expression;
            if (i < 2)
            {
                if (Cur != ';')
                {
                    throw Error("syntax error: arithmetic expression required", openedAt);
                }

                pos++;
            }
        }

        if (Cur != ')' || At(1) != ')')
        {
            throw UnexpectedEof(")", openedAt);
        }

        pos += 2;
        var token = Peek();
        if (token.IsOperator(";"))
        {
            Next();
        }

        SkipNewlines();
        var body = ParseDoGroup();
        return new ArithmeticForCommand(parts[0], parts[1], parts[2], body, SyntaxList<Redirection>.Empty, line);
    }

    private CaseCommand ParseCase(int line)
    {
        var start = Next();
        Enter(start.Start);
        var subjectToken = Next();
        if (subjectToken.Kind != TokenKind.Word)
        {
            throw Unexpected(subjectToken);
        }

        SkipNewlines();
        Expect("in");
        var items = new List<CaseItem>();
        while (true)
        {
            SkipNewlines();
            var token = Next();
            if (token.IsWord("esac"))
            {
                break;
            }

            if (token.IsOperator("("))
            {
                token = Next();
            }

            var patterns = new List<Word>();
            while (true)
            {
                if (token.Kind != TokenKind.Word)
                {
                    throw Unexpected(token);
                }

                patterns.Add(token.Word!);
                var separator = Next();
                if (separator.IsOperator(")"))
                {
                    break;
                }

                if (!separator.IsOperator("|"))
                {
                    throw Unexpected(separator);
                }

                token = Next();
            }

            var body = ParseCompoundList(static t => t.IsWord("esac") || t.IsOperator(";;") || t.IsOperator(";&") || t.IsOperator(";;&"));
            var end = Peek();
            var terminator = CaseTerminator.Break;
            if (end.Kind == TokenKind.Operator)
            {
                Next();
                terminator = end.Text switch
                {
                    ";&" => CaseTerminator.FallThrough,
                    ";;&" => CaseTerminator.ContinueMatching,
                    _ => CaseTerminator.Break,
                };
            }
            else if (!end.IsWord("esac"))
            {
                throw Unexpected(end);
            }

            items.Add(new CaseItem(patterns, body, terminator));
        }

        Leave();
        return new CaseCommand(subjectToken.Word!, items, SyntaxList<Redirection>.Empty, line);
    }

    private FunctionDefinition ParseFunctionKeyword(int line)
    {
        Next(); // function
        var nameToken = Next();
        if (nameToken.Kind != TokenKind.Word || nameToken.Word!.UnquotedText is not { } name)
        {
            throw Unexpected(nameToken);
        }

        var open = Peek();
        if (open.IsOperator("(") && text.AsSpan(open.End).TrimStart(" \t").StartsWith(")"))
        {
            return ParseFunctionAfterName(name, functionKeyword: true, line);
        }

        SkipNewlines();
        return new FunctionDefinition(name, ParseFunctionBody(), true, SyntaxList<Redirection>.Empty, line);
    }

    private FunctionDefinition ParseFunctionAfterName(string name, bool functionKeyword, int line)
    {
        Next(); // (
        var close = Next();
        if (!close.IsOperator(")"))
        {
            throw Unexpected(close);
        }

        SkipNewlines();
        return new FunctionDefinition(name, ParseFunctionBody(), functionKeyword, SyntaxList<Redirection>.Empty, line);
    }

    private Command ParseFunctionBody()
    {
        var token = Peek();
        Enter(token.Start);
        var isCompound = token.IsOperator("(")
            || (token.Kind == TokenKind.Word && token.Word!.UnquotedText is "{" or "if" or "while" or "until" or "for" or "select" or "case" or "[[");
        if (!isCompound)
        {
            throw Unexpected(token);
        }

        var body = ParseCommand();
        Leave();
        return body;
    }
}
