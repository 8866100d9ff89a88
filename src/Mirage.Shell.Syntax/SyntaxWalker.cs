using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

/// <summary>
/// Walks a tree depth-first, into command and process substitution bodies and here-document
/// bodies too: for tools that inspect a script before running it (which commands it calls, which
/// paths it redirects to).
/// </summary>
public static class SyntaxWalker
{
    /// <summary>Every node below <paramref name="root"/> (itself included), parents before children.</summary>
    public static IEnumerable<object> Descendants(object root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var stack = new Stack<object>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            var children = Children(node);
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    /// <summary>The simple commands of a script, nested ones included, in source order.</summary>
    public static IEnumerable<SimpleCommand> SimpleCommands(Script script) => Descendants(script).OfType<SimpleCommand>();

    /// <summary>
    /// The names of the commands a script may run, as written, where the name is literal text
    /// (a name made by an expansion, like <c>$cmd</c>, cannot be known before running).
    /// </summary>
    public static IEnumerable<string> CommandNames(Script script) =>
        SimpleCommands(script)
            .Where(static command => command.Words.Count > 0)
            .Select(static command => command.Words[0].TryGetStaticText())
            .OfType<string>();

    private static List<object> Children(object node)
    {
        var children = new List<object>();
        void Add(object? child)
        {
            if (child is not null)
            {
                children.Add(child);
            }
        }

        void AddAll<T>(IEnumerable<T>? items)
            where T : class
        {
            if (items is not null)
            {
                children.AddRange(items);
            }
        }

        switch (node)
        {
            case Script script:
                AddAll(script.Statements);
                break;
            case Statement statement:
                Add(statement.List);
                break;
            case AndOrList list:
                Add(list.First);
                foreach (var item in list.Rest)
                {
                    Add(item.Pipeline);
                }

                break;
            case Pipeline pipeline:
                foreach (var stage in pipeline.Stages)
                {
                    Add(stage.Command);
                }

                break;
            case SimpleCommand simple:
                AddAll(simple.Assignments);
                AddAll(simple.Words);
                AddAll(simple.Redirections);
                break;
            case BraceGroup group:
                AddAll(group.Body);
                AddAll(group.Redirections);
                break;
            case Subshell subshell:
                AddAll(subshell.Body);
                AddAll(subshell.Redirections);
                break;
            case IfCommand ifCommand:
                foreach (var clause in ifCommand.Clauses)
                {
                    AddAll(clause.Condition);
                    AddAll(clause.Body);
                }

                AddAll(ifCommand.Else);
                AddAll(ifCommand.Redirections);
                break;
            case WhileCommand loop:
                AddAll(loop.Condition);
                AddAll(loop.Body);
                AddAll(loop.Redirections);
                break;
            case ForCommand loop:
                AddAll(loop.Items);
                AddAll(loop.Body);
                AddAll(loop.Redirections);
                break;
            case SelectCommand loop:
                AddAll(loop.Items);
                AddAll(loop.Body);
                AddAll(loop.Redirections);
                break;
            case ArithmeticForCommand loop:
                Add(loop.Initializer);
                Add(loop.Condition);
                Add(loop.Update);
                AddAll(loop.Body);
                AddAll(loop.Redirections);
                break;
            case CaseCommand caseCommand:
                Add(caseCommand.Subject);
                foreach (var item in caseCommand.Items)
                {
                    AddAll(item.Patterns);
                    AddAll(item.Body);
                }

                AddAll(caseCommand.Redirections);
                break;
            case FunctionDefinition function:
                Add(function.Body);
                break;
            case ArithmeticCommand arithmetic:
                Add(arithmetic.Expression);
                AddAll(arithmetic.Redirections);
                break;
            case ConditionalCommand conditional:
                Add(conditional.Expression);
                AddAll(conditional.Redirections);
                break;
            case ConditionalWord word:
                Add(word.Word);
                break;
            case ConditionalUnary unary:
                Add(unary.Operand);
                break;
            case ConditionalBinary binary:
                Add(binary.Left);
                Add(binary.Right);
                break;
            case ConditionalNot not:
                Add(not.Operand);
                break;
            case ConditionalAnd and:
                Add(and.Left);
                Add(and.Right);
                break;
            case ConditionalOr or:
                Add(or.Left);
                Add(or.Right);
                break;
            case ConditionalGroup group:
                Add(group.Inner);
                break;
            case Assignment assignment:
                Add(assignment.Index);
                Add(assignment.Value);
                foreach (var element in assignment.ArrayValue ?? SyntaxList<ArrayElement>.Empty)
                {
                    Add(element.Key);
                    Add(element.Value);
                }

                break;
            case Redirection redirection:
                Add(redirection.Target);
                Add(redirection.HereDocument?.Body);
                break;
            case Word word:
                AddAll(word.Parts);
                break;
            case DoubleQuotedPart quoted:
                AddAll(quoted.Parts);
                break;
            case ParameterPart parameter:
                Add(parameter.Expansion.Index);
                Add(parameter.Expansion.Argument);
                Add(parameter.Expansion.Replacement);
                break;
            case CommandSubstitutionPart substitution:
                Add(substitution.Body);
                break;
            case ArithmeticPart arithmetic:
                Add(arithmetic.Expression);
                break;
            case ProcessSubstitutionPart process:
                Add(process.Body);
                break;
            case AssignmentPart assignment:
                Add(assignment.Assignment);
                break;
        }

        return children;
    }
}
