using System.Text;
using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

/// <summary>
/// What the script printer and the function printer share: indented output, and the and-or lists,
/// pipelines and <c>[[ ]]</c> expressions that both spell alike.
/// </summary>
internal abstract class SourceWriter
{
    protected readonly StringBuilder output = new();
    protected int indent;
    protected bool atLineStart = true;

    /// <summary>How a <c>|&amp;</c> pipe is spelled.</summary>
    protected abstract string StderrPipe { get; }

    protected abstract void PrintCommand(Command command);

    /// <summary>A word of a <c>[[ ]]</c> expression; <paramref name="regex"/> for the right side of <c>=~</c>.</summary>
    protected abstract void PrintConditionalWord(Word word, bool regex);

    protected void Write(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (atLineStart)
        {
            output.Append(' ', indent * 4);
            atLineStart = false;
        }

        output.Append(text);
    }

    protected void PrintAndOr(AndOrList list)
    {
        PrintPipeline(list.First);
        foreach (var item in list.Rest)
        {
            Write(item.Operator == AndOrOperator.And ? " && " : " || ");
            PrintPipeline(item.Pipeline);
        }
    }

    private void PrintPipeline(Pipeline pipeline)
    {
        if (pipeline.Timed)
        {
            Write(pipeline.TimePosixFormat ? "time -p " : "time ");
        }

        if (pipeline.Negated)
        {
            Write("! ");
        }

        for (var i = 0; i < pipeline.Stages.Count; i++)
        {
            var stage = pipeline.Stages[i];
            PrintCommand(stage.Command);
            if (i < pipeline.Stages.Count - 1)
            {
                Write(stage.PipeStderr ? StderrPipe : " | ");
            }
        }
    }

    protected void PrintConditional(ConditionalExpression expression)
    {
        switch (expression)
        {
            case ConditionalWord word:
                PrintConditionalWord(word.Word, regex: false);
                break;
            case ConditionalUnary unary:
                Write(unary.Operator);
                Write(" ");
                PrintConditionalWord(unary.Operand, regex: false);
                break;
            case ConditionalBinary binary:
                PrintConditionalWord(binary.Left, regex: false);
                Write(" ");
                Write(binary.Operator);
                Write(" ");
                PrintConditionalWord(binary.Right, regex: binary.Operator == "=~");
                break;
            case ConditionalNot not:
                Write("! ");
                PrintConditional(not.Operand);
                break;
            case ConditionalAnd and:
                PrintConditional(and.Left);
                Write(" && ");
                PrintConditional(and.Right);
                break;
            case ConditionalOr or:
                PrintConditional(or.Left);
                Write(" || ");
                PrintConditional(or.Right);
                break;
            case ConditionalGroup group:
                Write("( ");
                PrintConditional(group.Inner);
                Write(" )");
                break;
        }
    }
}
