namespace Mirage.Commands.Data.Jq;

/// <summary>A jq program node. Evaluation lives in <see cref="JqInterpreter"/>.</summary>
internal abstract record Ast;

internal sealed record IdentityAst : Ast;

internal sealed record LiteralAst(object? Value) : Ast;

/// <summary>A string with \( ) parts; Format applies to the interpolated values (@base64 "...").</summary>
internal sealed record StringAst(IReadOnlyList<object> Parts, string? Format) : Ast;

internal sealed record FormatAst(string Name) : Ast;

/// <summary>Target[Key]; Key is evaluated against the same input as Target.</summary>
internal sealed record IndexAst(Ast Target, Ast Key) : Ast;

internal sealed record SliceAst(Ast Target, Ast? From, Ast? To) : Ast;

internal sealed record IterateAst(Ast Target) : Ast;

internal sealed record TryAst(Ast Body, Ast? Catch) : Ast;

internal sealed record PipeAst(Ast Left, Ast Right) : Ast;

internal sealed record CommaAst(Ast Left, Ast Right) : Ast;

internal sealed record NegateAst(Ast Operand) : Ast;

/// <summary>Arithmetic and comparison operators.</summary>
internal sealed record BinaryAst(string Op, Ast Left, Ast Right) : Ast
{
    /// <summary>Offset in the program text, for compile-time messages.</summary>
    public int Position { get; init; }
}

internal sealed record AndAst(Ast Left, Ast Right) : Ast;

internal sealed record OrAst(Ast Left, Ast Right) : Ast;

internal sealed record AlternativeAst(Ast Left, Ast Right) : Ast;

/// <summary>=, |=, +=, -=, *=, /=, %=, //=.</summary>
internal sealed record AssignAst(string Op, Ast Left, Ast Right) : Ast;

internal sealed record IfAst(Ast Condition, Ast Then, Ast? Else) : Ast;

internal sealed record ReduceAst(Ast Source, Pattern Pattern, Ast Init, Ast Update) : Ast;

internal sealed record ForeachAst(Ast Source, Pattern Pattern, Ast Init, Ast Update, Ast? Extract) : Ast;

internal sealed record FuncDef(string Name, IReadOnlyList<string> Params, Ast Body);

internal sealed record DefAst(FuncDef Def, Ast Rest) : Ast;

internal sealed record CallAst(string Name, IReadOnlyList<Ast> Args) : Ast
{
    public int Position { get; init; }
}

internal sealed record VarAst(string Name) : Ast
{
    public int Position { get; init; }
}

/// <summary>Source as $pattern ?// $alternative ... | Body.</summary>
internal sealed record BindAst(Ast Source, IReadOnlyList<Pattern> Patterns, Ast Body) : Ast;

internal sealed record LabelAst(string Name, Ast Body) : Ast;

internal sealed record BreakAst(string Name) : Ast;

internal sealed record ArrayAst(Ast? Body) : Ast;

internal sealed record ObjectEntry(Ast Key, Ast Value)
{
    public int Position { get; init; }
}

internal sealed record ObjectAst(IReadOnlyList<ObjectEntry> Entries) : Ast;

/// <summary>Destructuring patterns.</summary>
internal abstract record Pattern;

internal sealed record VarPattern(string Name) : Pattern;

internal sealed record ArrayPattern(IReadOnlyList<Pattern> Elements) : Pattern;

/// <summary>Entries: key expression and the pattern its value binds to; KeyVar is set for {$name} and {$name: p}.</summary>
internal sealed record ObjectPatternEntry(string? KeyVar, Ast Key, Pattern? Value);

internal sealed record ObjectPattern(IReadOnlyList<ObjectPatternEntry> Entries) : Pattern;
