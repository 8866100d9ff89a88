using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

/// <summary>
/// Prints a function the way bash's <c>declare -f</c> and <c>type</c> show it: <c>name () </c>, the
/// body in braces, four-space indents, <c>;</c> after statements, <c>elif</c> as a nested <c>if</c>.
/// Words print as <see cref="Printer"/> spells them, which matches bash for the usual spellings.
/// </summary>
internal sealed class FunctionPrinter : SourceWriter
{
    private readonly List<HereDocument> pendingHereDocuments = [];

    public static string Print(FunctionDefinition function)
    {
        var printer = new FunctionPrinter();
        printer.PrintFunction(function, keyword: false);
        return printer.output.ToString();
    }

    protected override string StderrPipe => " 2>&1 | ";

    protected override void PrintConditionalWord(Word word, bool regex) => Write(Printer.Print(word));

    private void EndLine()
    {
        output.Append('\n');
        atLineStart = true;
    }

    private static Statement AsStatement(Command command) =>
        new(new AndOrList(new Pipeline(SyntaxList.Of(new PipelineStage(command, false)), false, false, false, command.Line), SyntaxList<AndOrItem>.Empty), false, command.Line);

    private void PrintFunction(FunctionDefinition function, bool keyword)
    {
        Write((keyword ? "function " : "") + function.Name + " () ");
        EndLine();
        var (body, redirections) = function.Body is BraceGroup group
            ? (group.Body, group.Redirections)
            : (SyntaxList.Of(AsStatement(function.Body)), SyntaxList<Redirection>.Empty);
        Write("{ ");
        EndLine();
        indent++;
        PrintList(body, semicolonAfterLast: false);
        indent--;
        Write("}");
        PrintRedirections(redirections);
    }

    private void PrintList(SyntaxList<Statement> statements, bool semicolonAfterLast)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            var last = i == statements.Count - 1;
            PrintAndOr(statement.List);
            if (statement.Background)
            {
                Write(" &");
                if (!last && pendingHereDocuments.Count == 0)
                {
                    Write(" ");
                    continue;
                }
            }
            else if (pendingHereDocuments.Count == 0 && (!last || semicolonAfterLast))
            {
                Write(";");
            }

            EndLine();
            if (pendingHereDocuments.Count > 0)
            {
                FlushHereDocuments();
                EndLine();
            }
        }
    }

    private void FlushHereDocuments()
    {
        foreach (var document in pendingHereDocuments)
        {
            SyntaxPrinter.AppendHereDocument(output, document);
        }

        pendingHereDocuments.Clear();
        atLineStart = true;
    }

    /// <summary>A condition list on the keyword's line: <c>while a;\n    b; do</c>.</summary>
    private void PrintCondition(SyntaxList<Statement> statements)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            PrintAndOr(statements[i].List);
            if (statements[i].Background)
            {
                Write(" &");
            }

            if (i < statements.Count - 1)
            {
                if (!statements[i].Background)
                {
                    Write(";");
                }

                EndLine();
            }
        }
    }

    protected override void PrintCommand(Command command)
    {
        switch (command)
        {
            case SimpleCommand simple:
                PrintSimple(simple);
                return;
            case BraceGroup group:
                Write("{ ");
                EndLine();
                indent++;
                PrintList(group.Body, semicolonAfterLast: false);
                indent--;
                Write("}");
                break;
            case Subshell subshell:
                Write("( ");
                PrintCondition(subshell.Body);
                Write(" )");
                break;
            case IfCommand ifCommand:
                PrintIf(ifCommand, 0);
                break;
            case WhileCommand loop:
                Write(loop.Until ? "until " : "while ");
                PrintCondition(loop.Condition);
                Write("; do");
                EndLine();
                PrintLoopBody(loop.Body);
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
                Write("for ((" + Arithmetic(loop.Initializer) + "; " + Arithmetic(loop.Condition) + "; " + Arithmetic(loop.Update) + "))");
                EndLine();
                PrintDoGroup(loop.Body);
                break;
            case CaseCommand caseCommand:
                PrintCase(caseCommand);
                break;
            case FunctionDefinition function:
                PrintFunction(function, keyword: true);
                return;
            case ArithmeticCommand arithmetic:
                Write("((" + Printer.Print(arithmetic.Expression) + "))");
                break;
            case ConditionalCommand conditional:
                Write("[[ ");
                PrintConditional(conditional.Expression);
                Write(" ]]");
                break;
        }

        PrintRedirections(command.Redirections);
    }

    private static string Arithmetic(Word? expression) => expression is null ? "" : Printer.Print(expression).Trim();

    private void PrintIf(IfCommand command, int clause)
    {
        Write("if ");
        PrintCondition(command.Clauses[clause].Condition);
        Write("; then");
        EndLine();
        indent++;
        PrintList(command.Clauses[clause].Body, semicolonAfterLast: true);
        indent--;
        if (clause < command.Clauses.Count - 1)
        {
            Write("else");
            EndLine();
            indent++;
            PrintIf(command, clause + 1);
            Write(";");
            EndLine();
            indent--;
        }
        else if (command.Else is { } elseBody)
        {
            Write("else");
            EndLine();
            indent++;
            PrintList(elseBody, semicolonAfterLast: true);
            indent--;
        }

        Write("fi");
    }

    private void PrintLoopHeader(string keyword, string variable, SyntaxList<Word>? items)
    {
        Write(keyword + " " + variable + " in ");
        Write(items is null ? "\"$@\"" : string.Join(' ', items.Select(Printer.Print)));
        Write(";");
        EndLine();
    }

    private void PrintDoGroup(SyntaxList<Statement> body)
    {
        Write("do");
        EndLine();
        PrintLoopBody(body);
    }

    private void PrintLoopBody(SyntaxList<Statement> body)
    {
        indent++;
        PrintList(body, semicolonAfterLast: true);
        indent--;
        Write("done");
    }

    private void PrintCase(CaseCommand command)
    {
        Write("case " + Printer.Print(command.Subject) + " in ");
        EndLine();
        indent++;
        foreach (var item in command.Items)
        {
            Write(string.Join(" | ", item.Patterns.Select(Printer.Print)) + ")");
            EndLine();
            indent++;
            if (item.Body.Count == 0)
            {
                EndLine();
            }

            PrintList(item.Body, semicolonAfterLast: false);
            indent--;
            Write(item.Terminator switch
            {
                CaseTerminator.FallThrough => ";&",
                CaseTerminator.ContinueMatching => ";;&",
                _ => ";;",
            });
            EndLine();
        }

        indent--;
        Write("esac");
    }

    private void PrintSimple(SimpleCommand command)
    {
        var pieces = new List<string>();
        pieces.AddRange(command.Assignments.Select(a => Printer.Print(new Word(SyntaxList.Of<WordPart>(new AssignmentPart(a))))));
        pieces.AddRange(command.Words.Select(Printer.Print));
        Write(string.Join(' ', pieces));
        if (pieces.Count == 0)
        {
            PrintRedirections(command.Redirections, leadingSpace: false);
            return;
        }

        PrintRedirections(command.Redirections);
    }

    private void PrintRedirections(SyntaxList<Redirection> redirections, bool leadingSpace = true)
    {
        foreach (var redirection in redirections)
        {
            if (leadingSpace)
            {
                Write(" ");
            }

            leadingSpace = true;
            Write(Redirection(redirection));
            if (redirection.HereDocument is { } document)
            {
                pendingHereDocuments.Add(document);
            }
        }
    }

    private static string Redirection(Redirection redirection)
    {
        var fd = redirection.FdVariable is { } name ? "{" + name + "}"
            : redirection.Fd?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var spelled = SyntaxPrinter.OperatorText(redirection);
        var target = Printer.Print(redirection.Target);
        return redirection.Operator switch
        {
            RedirectionOperator.DuplicateInput => (fd.Length == 0 ? "0" : fd) + spelled + target,
            RedirectionOperator.DuplicateOutput => (fd.Length == 0 ? "1" : fd) + spelled + target,
            RedirectionOperator.OutputAndError or RedirectionOperator.AppendOutputAndError => spelled + " " + target,
            RedirectionOperator.HereDocument => fd + spelled + target,
            _ => fd + spelled + " " + target,
        };
    }
}
