namespace Mirage.Commands.Text.Bc;

/// <summary>
/// bc's syntax tree. Nodes that can fail at run time carry <c>Address</c>: the offset GNU bc's byte code would
/// have reached at that point, which its runtime messages print ("adr=N").
/// </summary>
internal abstract record BcNode;

internal sealed record BcConstant(string Text) : BcNode;

internal sealed record BcVariable(string Name) : BcNode;

internal sealed record BcElement(string Name, BcNode Index, int Address) : BcNode;

/// <summary>A parenthesised assignment: an ordinary value that prints as a statement.</summary>
internal sealed record BcGroup(BcNode Inner) : BcNode;

internal sealed record BcNegate(BcNode Operand) : BcNode;

internal sealed record BcNot(BcNode Operand) : BcNode;

internal sealed record BcBinary(string Op, BcNode Left, BcNode Right, int Address) : BcNode;

internal sealed record BcAssign(BcNode Target, string Op, BcNode Value, int Address) : BcNode;

internal sealed record BcIncrement(BcNode Target, int Delta, bool Prefix, int Address) : BcNode;

internal sealed record BcBuiltin(string Name, BcNode Argument, int Address) : BcNode;

/// <summary>A call; array arguments are written <c>name[]</c> and arrive as <see cref="BcArrayArgument"/>.</summary>
internal sealed record BcCall(string Name, IReadOnlyList<BcNode> Arguments, int Address) : BcNode;

internal sealed record BcArrayArgument(string Name) : BcNode;

internal abstract record BcStatement;

internal sealed record BcExpressionStatement(BcNode Expression, bool Prints) : BcStatement;

internal sealed record BcStringStatement(string Text) : BcStatement;

internal sealed record BcPrintStatement(IReadOnlyList<object> Items) : BcStatement;

internal sealed record BcBlock(IReadOnlyList<BcStatement> Body) : BcStatement;

internal sealed record BcIf(BcNode Condition, BcStatement Then, BcStatement? Else) : BcStatement;

internal sealed record BcWhile(BcNode Condition, BcStatement Body) : BcStatement;

internal sealed record BcFor(BcNode? Init, BcNode? Condition, BcNode? Step, BcStatement Body) : BcStatement;

internal sealed record BcBreak : BcStatement;

internal sealed record BcContinue : BcStatement;

internal sealed record BcHalt : BcStatement;

internal sealed record BcReturn(BcNode? Value, int Address) : BcStatement;

internal sealed record BcParameter(string Name, bool IsArray);

internal sealed record BcFunction(string Name, IReadOnlyList<BcParameter> Parameters, IReadOnlyList<BcParameter> Autos, BcStatement Body, bool IsVoid);
