using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax;

/// <summary>
/// Prints a syntax tree back as bash source that parses to an equal tree. Multi-line output puts
/// one statement per line, indented by four spaces per level (like <c>declare -f</c>); command
/// substitutions print on one line unless they hold here-documents.
/// </summary>
public static class Printer
{
    public static string Print(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return SyntaxPrinter.Print(script);
    }

    /// <summary>One line where possible (statements joined by <c>; </c>); multi-line when here-documents need it.</summary>
    public static string PrintOneLine(Script script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return SyntaxPrinter.PrintOneLine(script);
    }

    public static string Print(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return SyntaxPrinter.Print(command);
    }

    /// <summary>A function as bash's <c>declare -f</c> and <c>type</c> show it (without the trailing newline).</summary>
    public static string PrintFunction(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return FunctionPrinter.Print(function);
    }

    public static string Print(Word word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return SyntaxPrinter.Print(word);
    }
}
