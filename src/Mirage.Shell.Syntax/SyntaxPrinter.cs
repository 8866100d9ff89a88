using System.Text;
using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

/// <summary>
/// Prints a syntax tree back as bash source that parses to an equal tree (see <see cref="Printer"/>).
/// </summary>
internal sealed class SyntaxPrinter : SourceWriter
{
    private readonly List<HereDocument> pendingHereDocuments = [];
    private readonly bool oneLine;
    private bool sawHereDocument;

    private SyntaxPrinter(bool oneLine) => this.oneLine = oneLine;

    public static string Print(Script script)
    {
        var printer = new SyntaxPrinter(oneLine: false);
        printer.PrintStatements(script.Statements);
        return printer.output.ToString();
    }

    public static string PrintOneLine(Script script)
    {
        var printer = new SyntaxPrinter(oneLine: true);
        printer.PrintStatements(script.Statements, trailingSeparator: false);
        return printer.sawHereDocument ? Print(script) : printer.output.ToString();
    }

    public static string Print(Command command)
    {
        var printer = new SyntaxPrinter(oneLine: false);
        printer.PrintCommand(command);
        printer.FlushHereDocumentsAtEnd();
        return printer.output.ToString();
    }

    public static string Print(Word word)
    {
        var printer = new SyntaxPrinter(oneLine: true);
        printer.PrintWord(word);
        return printer.output.ToString();
    }

    /// <summary>A here-document's body as it stands in the source, then its delimiter line.</summary>
    public static void AppendHereDocument(StringBuilder output, HereDocument document)
    {
        if (document.Quoted)
        {
            output.Append(document.Body.TryGetStaticText());
        }
        else
        {
            var body = new SyntaxPrinter(oneLine: true);
            body.PrintParts(document.Body.Parts, WordContext.HereDocument);
            output.Append(body.output);
        }

        output.Append(document.Delimiter).Append('\n');
    }

    protected override string StderrPipe => " |& ";

    protected override void PrintConditionalWord(Word word, bool regex) =>
        PrintWord(word, regex ? WordContext.Regex : WordContext.Unquoted);

    private void NewLine()
    {
        output.Append('\n');
        atLineStart = true;
        foreach (var document in pendingHereDocuments)
        {
            AppendHereDocument(output, document);
        }

        pendingHereDocuments.Clear();
    }

    /// <summary>Ends a statement: a newline, or <c>; </c> on one line.</summary>
    private void Separator()
    {
        if (oneLine)
        {
            Write("; ");
        }
        else
        {
            NewLine();
        }
    }

    /// <summary>After a keyword such as <c>then</c> or <c>{</c>: a newline, or a space on one line.</summary>
    private void Break()
    {
        if (oneLine)
        {
            Write(" ");
        }
        else
        {
            NewLine();
        }
    }

    private void FlushHereDocumentsAtEnd()
    {
        if (pendingHereDocuments.Count > 0)
        {
            NewLine();
        }
    }

    private void PrintStatements(SyntaxList<Statement> statements, bool trailingSeparator = true)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            PrintAndOr(statement.List);
            var last = i == statements.Count - 1;
            if (statement.Background)
            {
                Write(" &");
                if (!last || trailingSeparator)
                {
                    Break();
                }
            }
            else if (!last || trailingSeparator)
            {
                Separator();
            }
        }

        if (!trailingSeparator && !oneLine)
        {
            FlushHereDocumentsAtEnd();
        }
    }

    private void PrintBody(SyntaxList<Statement> body)
    {
        indent++;
        PrintStatements(body);
        indent--;
    }

    protected override void PrintCommand(Command command)
    {
        switch (command)
        {
            case SimpleCommand simple:
                PrintSimpleCommand(simple);
                return;
            case BraceGroup group:
                Write("{");
                Break();
                PrintBody(group.Body);
                Write("}");
                break;
            case Subshell subshell:
                Write("(");
                Break();
                PrintBody(subshell.Body);
                Write(")");
                break;
            case IfCommand ifCommand:
                PrintIf(ifCommand);
                break;
            case WhileCommand loop:
                Write(loop.Until ? "until" : "while");
                Break();
                PrintBody(loop.Condition);
                PrintDoGroup(loop.Body);
                break;
            case ForCommand loop:
                PrintLoopHeader("for", loop.Variable, loop.Items);
                PrintDoGroup(loop.Body);
                break;
            case SelectCommand loop:
                PrintLoopHeader("select", loop.Variable, loop.Items);
                PrintDoGroup(loop.Body);
                break;
            case ArithmeticForCommand loop:
                Write("for ((");
                PrintArithmetic(loop.Initializer);
                Write(";");
                PrintArithmetic(loop.Condition);
                Write(";");
                PrintArithmetic(loop.Update);
                Write("))");
                Separator();
                PrintDoGroup(loop.Body);
                break;
            case CaseCommand caseCommand:
                PrintCase(caseCommand);
                break;
            case FunctionDefinition function:
                if (function.FunctionKeyword)
                {
                    Write("function ");
                    Write(function.Name);
                    Write(function.Body is Subshell ? " () " : " ");
                }
                else
                {
                    // The space keeps names ending in @ ! * + ? from reading as extended globs.
                    Write(function.Name);
                    Write(" () ");
                }

                PrintCommand(function.Body);
                break;
            case ArithmeticCommand arithmetic:
                Write("((");
                PrintWord(arithmetic.Expression, WordContext.Raw);
                Write("))");
                break;
            case ConditionalCommand conditional:
                Write("[[ ");
                PrintConditional(conditional.Expression);
                Write(" ]]");
                break;
            default:
                throw new ArgumentException($"Unknown command type {command.GetType().Name}", nameof(command));
        }

        PrintRedirections(command.Redirections);
    }

    private void PrintSimpleCommand(SimpleCommand simple)
    {
        var first = true;
        void Space()
        {
            if (!first)
            {
                Write(" ");
            }

            first = false;
        }

        foreach (var assignment in simple.Assignments)
        {
            Space();
            PrintAssignment(assignment);
        }

        foreach (var word in simple.Words)
        {
            Space();
            PrintWord(word);
        }

        foreach (var redirection in simple.Redirections)
        {
            Space();
            PrintRedirection(redirection);
        }
    }

    private void PrintAssignment(Assignment assignment)
    {
        Write(assignment.Name);
        if (assignment.Index is not null)
        {
            Write("[");
            PrintWord(assignment.Index, WordContext.Raw);
            Write("]");
        }

        Write(assignment.Append ? "+=" : "=");
        if (assignment.ArrayValue is { } elements)
        {
            Write("(");
            for (var i = 0; i < elements.Count; i++)
            {
                if (i > 0)
                {
                    Write(" ");
                }

                var element = elements[i];
                if (element.Key is not null)
                {
                    Write("[");
                    PrintWord(element.Key, WordContext.Raw);
                    Write(element.AppendToKey ? "]+=" : "]=");
                }

                PrintWord(element.Value);
            }

            Write(")");
        }
        else if (assignment.Value is not null)
        {
            PrintWord(assignment.Value);
        }
    }

    private void PrintIf(IfCommand command)
    {
        for (var i = 0; i < command.Clauses.Count; i++)
        {
            Write(i == 0 ? "if" : "elif");
            Break();
            PrintBody(command.Clauses[i].Condition);
            Write("then");
            Break();
            PrintBody(command.Clauses[i].Body);
        }

        if (command.Else is { } elseBody)
        {
            Write("else");
            Break();
            PrintBody(elseBody);
        }

        Write("fi");
    }

    private void PrintLoopHeader(string keyword, string variable, SyntaxList<Word>? items)
    {
        Write(keyword);
        Write(" ");
        Write(variable);
        if (items is not null)
        {
            Write(" in");
            foreach (var item in items)
            {
                Write(" ");
                PrintWord(item);
            }
        }

        Separator();
    }

    private void PrintDoGroup(SyntaxList<Statement> body)
    {
        Write("do");
        Break();
        PrintBody(body);
        Write("done");
    }

    private void PrintArithmetic(Word? expression)
    {
        if (expression is not null)
        {
            PrintWord(expression, WordContext.Raw);
        }
    }

    private void PrintCase(CaseCommand command)
    {
        Write("case ");
        PrintWord(command.Subject);
        Write(" in");
        Break();
        indent++;
        foreach (var item in command.Items)
        {
            for (var i = 0; i < item.Patterns.Count; i++)
            {
                if (i > 0)
                {
                    Write(" | ");
                }

                PrintWord(item.Patterns[i]);
            }

            Write(")");
            Break();
            indent++;
            PrintStatements(item.Body, trailingSeparator: false);
            if (item.Body.Count > 0 && oneLine)
            {
                Write(" ");
            }
            else if (item.Body.Count > 0)
            {
                NewLine();
            }

            indent--;
            Write(item.Terminator switch
            {
                CaseTerminator.FallThrough => ";&",
                CaseTerminator.ContinueMatching => ";;&",
                _ => ";;",
            });
            Break();
        }

        indent--;
        Write("esac");
    }

    private void PrintRedirections(SyntaxList<Redirection> redirections)
    {
        foreach (var redirection in redirections)
        {
            Write(" ");
            PrintRedirection(redirection);
        }
    }

    public static string OperatorText(Redirection redirection) => redirection.Operator switch
    {
        RedirectionOperator.Input => "<",
        RedirectionOperator.Output => ">",
        RedirectionOperator.Append => ">>",
        RedirectionOperator.Clobber => ">|",
        RedirectionOperator.ReadWrite => "<>",
        RedirectionOperator.DuplicateInput => "<&",
        RedirectionOperator.DuplicateOutput => ">&",
        RedirectionOperator.OutputAndError => "&>",
        RedirectionOperator.AppendOutputAndError => "&>>",
        RedirectionOperator.HereString => "<<<",
        _ => redirection.HereDocument?.StripTabs == true ? "<<-" : "<<",
    };

    private void PrintRedirection(Redirection redirection)
    {
        if (redirection.FdVariable is not null)
        {
            Write("{" + redirection.FdVariable + "}");
        }
        else if (redirection.Fd is { } fd)
        {
            Write(fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Write(OperatorText(redirection));
        if (redirection.Target.Parts is [ProcessSubstitutionPart, ..])
        {
            Write(" ");
        }

        PrintWord(redirection.Target);
        if (redirection.HereDocument is { } document)
        {
            sawHereDocument = true;
            pendingHereDocuments.Add(document);
        }
    }

    private enum WordContext
    {
        /// <summary>An ordinary word.</summary>
        Unquoted,

        /// <summary>Text between delimiters: subscripts, arithmetic, operator arguments.</summary>
        Raw,

        /// <summary>An operator argument of a <c>${...}</c> inside double quotes, where single quotes are plain text.</summary>
        RawInDoubleQuotes,

        /// <summary>Inside <c>"..."</c>.</summary>
        DoubleQuoted,

        /// <summary>The body of an unquoted here-document.</summary>
        HereDocument,

        /// <summary>The right side of <c>=~</c>.</summary>
        Regex,
    }

    private void PrintWord(Word word, WordContext context = WordContext.Unquoted) => PrintParts(word.Parts, context);

    private void PrintParts(SyntaxList<WordPart> parts, WordContext context)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            var next = i + 1 < parts.Count ? parts[i + 1] : null;
            PrintPart(parts[i], next, context);
        }
    }

    private void PrintPart(WordPart part, WordPart? next, WordContext context)
    {
        switch (part)
        {
            case LiteralPart literal:
                Write(context switch
                {
                    WordContext.DoubleQuoted => EscapeFor(literal.Text, "\\\"$`"),
                    WordContext.HereDocument => EscapeFor(literal.Text, "\\$`"),
                    _ => literal.Text,
                });
                break;
            case QuotedLiteralPart quoted:
                PrintQuotedLiteral(quoted.Text, context);
                break;
            case DoubleQuotedPart doubleQuoted:
                Write(doubleQuoted.Localized ? "$\"" : "\"");
                PrintParts(doubleQuoted.Parts, WordContext.DoubleQuoted);
                Write("\"");
                break;
            case ParameterPart parameter:
                PrintParameter(parameter.Expansion, next, context);
                break;
            case CommandSubstitutionPart substitution when substitution.Backquoted:
                Write("`");
                Write(EscapeFor(PrintOneLine(substitution.Body), "\\`$"));
                Write("`");
                break;
            case CommandSubstitutionPart substitution:
                {
                    var body = PrintOneLine(substitution.Body);
                    Write(body.StartsWith('(') ? "$( " : "$(");
                    Write(body);
                    Write(")");
                    break;
                }

            case ArithmeticPart arithmetic:
                Write("$((");
                PrintWord(arithmetic.Expression, WordContext.Raw);
                Write("))");
                break;
            case ProcessSubstitutionPart process:
                Write(process.Output ? ">(" : "<(");
                Write(PrintOneLine(process.Body));
                Write(")");
                break;
            case AssignmentPart assignment:
                PrintAssignment(assignment.Assignment);
                break;
            case BadSubstitutionPart bad:
                Write(bad.Text);
                break;
            default:
                throw new ArgumentException($"Unknown word part {part.GetType().Name}", nameof(part));
        }
    }

    private void PrintQuotedLiteral(string text, WordContext context)
    {
        if (context is WordContext.RawInDoubleQuotes or WordContext.DoubleQuoted or WordContext.HereDocument)
        {
            // Single quotes would be plain text here; escape each character instead.
            foreach (var c in text)
            {
                Write(c == '\n' ? "$'\\n'" : "\\" + c);
            }

            return;
        }

        if (text.Length > 0 && !atLineStart && output.Length > 0 && output[^1] == '$' && text[0] != '\n')
        {
            // `$'` would start ANSI-C quoting: escape the first character instead.
            Write("\\" + text[0]);
            text = text[1..];
            if (text.Length == 0)
            {
                return;
            }
        }

        Write("'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'");
    }

    private static string EscapeFor(string text, string special)
    {
        if (text.AsSpan().IndexOfAny(special) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (special.Contains(c))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private void PrintParameter(ParameterExpansion expansion, WordPart? next, WordContext context)
    {
        if (!expansion.Braced && expansion.Operator == ParameterOperator.None && expansion.IndexKind == IndexKind.None
            && !expansion.Indirect && !NeedsBraces(expansion.Name, next))
        {
            Write("$" + expansion.Name);
            return;
        }

        Write("${");
        switch (expansion.Operator)
        {
            case ParameterOperator.Length:
                Write("#");
                break;
            case ParameterOperator.NamesWithPrefix:
                Write("!" + expansion.Name + (expansion.IndexKind == IndexKind.AllJoined ? "*" : "@") + "}");
                return;
            case ParameterOperator.Keys:
                Write("!" + expansion.Name + (expansion.IndexKind == IndexKind.AllJoined ? "[*]" : "[@]") + "}");
                return;
        }

        if (expansion.Indirect)
        {
            Write("!");
        }

        Write(expansion.Name);
        switch (expansion.IndexKind)
        {
            case IndexKind.AllWords:
                Write("[@]");
                break;
            case IndexKind.AllJoined:
                Write("[*]");
                break;
            case IndexKind.Element:
                Write("[");
                PrintWord(expansion.Index!, WordContext.Raw);
                Write("]");
                break;
        }

        var inQuotes = context is WordContext.DoubleQuoted or WordContext.HereDocument;
        var argumentContext = inQuotes && expansion.Operator is ParameterOperator.DefaultIfUnset or ParameterOperator.DefaultIfUnsetOrEmpty
            or ParameterOperator.AssignIfUnset or ParameterOperator.AssignIfUnsetOrEmpty or ParameterOperator.ErrorIfUnset
            or ParameterOperator.ErrorIfUnsetOrEmpty or ParameterOperator.AlternativeIfSet or ParameterOperator.AlternativeIfSetAndNotEmpty
            ? WordContext.RawInDoubleQuotes
            : WordContext.Raw;
        var op = expansion.Operator switch
        {
            ParameterOperator.DefaultIfUnsetOrEmpty => ":-",
            ParameterOperator.DefaultIfUnset => "-",
            ParameterOperator.AssignIfUnsetOrEmpty => ":=",
            ParameterOperator.AssignIfUnset => "=",
            ParameterOperator.ErrorIfUnsetOrEmpty => ":?",
            ParameterOperator.ErrorIfUnset => "?",
            ParameterOperator.AlternativeIfSetAndNotEmpty => ":+",
            ParameterOperator.AlternativeIfSet => "+",
            ParameterOperator.RemoveShortestPrefix => "#",
            ParameterOperator.RemoveLongestPrefix => "##",
            ParameterOperator.RemoveShortestSuffix => "%",
            ParameterOperator.RemoveLongestSuffix => "%%",
            ParameterOperator.ReplaceFirst => "/",
            ParameterOperator.ReplaceAll => "//",
            ParameterOperator.ReplacePrefix => "/#",
            ParameterOperator.ReplaceSuffix => "/%",
            ParameterOperator.UpperFirst => "^",
            ParameterOperator.UpperAll => "^^",
            ParameterOperator.LowerFirst => ",",
            ParameterOperator.LowerAll => ",,",
            ParameterOperator.Substring => ":",
            ParameterOperator.Transform => "@" + expansion.Transform,
            _ => "",
        };
        Write(op);
        if (expansion.Argument is not null)
        {
            PrintWord(expansion.Argument, argumentContext);
        }

        if (expansion.Replacement is not null)
        {
            Write(expansion.Operator == ParameterOperator.Substring ? ":" : "/");
            PrintWord(expansion.Replacement, argumentContext);
        }

        Write("}");
    }

    /// <summary>Whether <c>$name</c> would run into the text that follows it.</summary>
    private static bool NeedsBraces(string name, WordPart? next)
    {
        if (next is not LiteralPart { Text: [var c, ..] })
        {
            return false;
        }

        if (char.IsAsciiDigit(name[0]))
        {
            return name.Length > 1 || char.IsAsciiDigit(c);
        }

        if (name[0] is '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'))
        {
            return c is '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
        }

        return false;
    }
}
