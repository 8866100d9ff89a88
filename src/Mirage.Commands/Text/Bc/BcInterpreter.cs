using System.Text;

namespace Mirage.Commands.Text.Bc;

/// <summary>Where bc's output goes: stdout with bc's column count (long lines break with a backslash), and stderr.</summary>
internal sealed class BcOutput(Stream stdout, Stream stderr, int lineLength, CancellationToken cancellationToken)
{
    private readonly StringBuilder _buffer = new();
    private int _column;

    /// <summary>bc's out_char: before the character that would fill the line's last column it writes "\" and a newline.</summary>
    public void Write(string text)
    {
        foreach (var c in text)
        {
            if (c == '\n')
            {
                _column = 0;
                _buffer.Append('\n');
                continue;
            }
            _column++;
            if (lineLength != 0 && _column == lineLength - 1)
            {
                _buffer.Append("\\\n");
                _column = 1;
            }
            _buffer.Append(c);
        }
        if (_buffer.Length >= 32 * 1024) Flush();
    }

    public void Error(string line)
    {
        Flush();
        stderr.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken).AsTask().GetAwaiter().GetResult();
    }

    public void Flush()
    {
        if (_buffer.Length == 0) return;
        var bytes = Encoding.UTF8.GetBytes(_buffer.ToString());
        _buffer.Clear();
        stdout.WriteAsync(bytes, cancellationToken).AsTask().GetAwaiter().GetResult();
    }
}

/// <summary>
/// Runs bc programs as GNU bc 1.07 does: each line's statements run when its newline is read, variables are
/// dynamically scoped (auto variables and parameters shadow globals for the callees too), and a runtime error
/// abandons the rest of the line.
/// </summary>
internal sealed class BcInterpreter(BcOutput output, CancellationToken cancellationToken)
{
    private const long ArrayLimit = 16_777_215;

    private readonly Dictionary<string, List<BcNumber>> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Dictionary<long, BcNumber>>> _arrays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BcFunction> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BcNumber> _decimalConstants = new(StringComparer.Ordinal);
    private readonly Stack<string> _callers = new();
    private int _scale;
    private int _inputBase = 10;
    private int _outputBase = 10;
    private BcNumber _last = BcNumber.Zero;
    private BcNumber _returned;

    private enum Flow { Normal, Break, Continue, Return }

    private sealed class HaltSignal : Exception;

    private sealed class Fault(string message) : Exception(message);

    /// <summary>Runs one source (a file, the math library or standard input); false once quit or halt ends bc.</summary>
    public bool Run(string source, string origin)
    {
        var parser = new BcParser(source, origin);
        while (parser.Next() is { } item)
        {
            switch (item)
            {
                case BcQuit:
                    return false;
                case BcParseError error:
                    output.Error(error.Message);
                    break;
                case BcDefinition definition:
                    _functions[definition.Function.Name] = definition.Function;
                    break;
                case BcChunk chunk:
                    try
                    {
                        foreach (var statement in chunk.Statements) Execute(statement);
                    }
                    catch (Fault fault)
                    {
                        output.Error(fault.Message);
                        UnwindFrames();
                    }
                    catch (HaltSignal)
                    {
                        return false;
                    }
                    break;
            }
        }
        return true;
    }

    public void SetScale(int scale) => _scale = scale;

    private string CurrentFunction => _callers.Count == 0 ? "(main)" : _callers.Peek();

    private Fault RuntimeError(string message, int address) => new($"Runtime error (func={CurrentFunction}, adr={address}): {message}");

    private void Warn(string message, int address) => output.Error($"Runtime warning (func={CurrentFunction}, adr={address}): {message}");

    private void UnwindFrames() => _callers.Clear();

    private Flow Execute(BcStatement statement)
    {
        switch (statement)
        {
            case BcExpressionStatement { Expression: var expression, Prints: var prints }:
                {
                    var value = Evaluate(expression);
                    if (prints && !(expression is BcCall call && _functions.TryGetValue(call.Name, out var called) && called.IsVoid))
                    {
                        output.Write(value.Format(_outputBase));
                        output.Write("\n");
                        _last = value;
                    }
                    return Flow.Normal;
                }
            case BcStringStatement { Text: var text }:
                output.Write(text);
                return Flow.Normal;
            case BcPrintStatement { Items: var items }:
                foreach (var item in items)
                {
                    if (item is string text) output.Write(Unescape(text));
                    else
                    {
                        var value = Evaluate((BcNode)item);
                        output.Write(value.Format(_outputBase));
                        _last = value;
                    }
                }
                return Flow.Normal;
            case BcBlock { Body: var body }:
                foreach (var inner in body)
                {
                    var flow = Execute(inner);
                    if (flow != Flow.Normal) return flow;
                }
                return Flow.Normal;
            case BcIf conditional:
                if (!Evaluate(conditional.Condition).IsZero) return Execute(conditional.Then);
                return conditional.Else is null ? Flow.Normal : Execute(conditional.Else);
            case BcWhile loop:
                while (!Evaluate(loop.Condition).IsZero)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var flow = Execute(loop.Body);
                    if (flow == Flow.Break) break;
                    if (flow == Flow.Return) return flow;
                }
                return Flow.Normal;
            case BcFor loop:
                if (loop.Init is not null) Evaluate(loop.Init);
                while (loop.Condition is null || !Evaluate(loop.Condition).IsZero)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var flow = Execute(loop.Body);
                    if (flow == Flow.Break) break;
                    if (flow == Flow.Return) return flow;
                    if (loop.Step is not null) Evaluate(loop.Step);
                }
                return Flow.Normal;
            case BcBreak:
                return Flow.Break;
            case BcContinue:
                return Flow.Continue;
            case BcHalt:
                throw new HaltSignal();
            case BcReturn { Value: var value }:
                _returned = value is null ? BcNumber.Zero : Evaluate(value);
                return Flow.Return;
        }
        return Flow.Normal;
    }

    // The escapes bc reads in print strings; any other backslash pair prints as written.
    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal)) return text;
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                builder.Append(text[i]);
                continue;
            }
            var c = text[++i];
            switch (c)
            {
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'q': builder.Append('"'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'e': builder.Append('\\'); break;
                case '\\': builder.Append('\\'); break;
                default: builder.Append('\\').Append(c); break;
            }
        }
        return builder.ToString();
    }

    private BcNumber Truth(bool value) => value ? BcNumber.One : BcNumber.Zero;

    private BcNumber Evaluate(BcNode node)
    {
        switch (node)
        {
            case BcConstant { Text: var text }:
                if (_inputBase != 10) return BcNumber.Parse(text, _inputBase);
                if (!_decimalConstants.TryGetValue(text, out var constant))
                {
                    constant = BcNumber.Parse(text, 10);
                    _decimalConstants[text] = constant;
                }
                return constant;
            case BcVariable { Name: var name }:
                return Load(name);
            case BcElement element:
                return Array(element.Name).GetValueOrDefault(Index(element.Name, Evaluate(element.Index), element.Address), BcNumber.Zero);
            case BcGroup { Inner: var inner }:
                return Evaluate(inner);
            case BcNegate { Operand: var operand }:
                return -Evaluate(operand);
            case BcNot { Operand: var operand }:
                return Truth(Evaluate(operand).IsZero);
            case BcBinary { Op: "&&" } and:
                return Truth(!Evaluate(and.Left).IsZero && !Evaluate(and.Right).IsZero);
            case BcBinary { Op: "||" } or:
                return Truth(!Evaluate(or.Left).IsZero || !Evaluate(or.Right).IsZero);
            case BcBinary binary:
                return Apply(binary.Op, Evaluate(binary.Left), Evaluate(binary.Right), binary.Address);
            case BcAssign assign:
                {
                    var subscript = assign.Target is BcElement element ? Evaluate(element.Index) : BcNumber.Zero;
                    var value = Evaluate(assign.Value);
                    var index = assign.Target is BcElement target ? Index(target.Name, subscript, assign.Address) : 0;
                    if (assign.Op != "=") value = Apply(assign.Op[..1], Read(assign.Target, index), value, assign.Address);
                    Store(assign.Target, index, value, assign.Address);
                    return value;
                }
            case BcIncrement increment:
                {
                    var index = increment.Target is BcElement element ? Index(element.Name, Evaluate(element.Index), increment.Address) : 0;
                    var before = Read(increment.Target, index);
                    var after = before + BcNumber.FromInteger(increment.Delta);
                    Store(increment.Target, index, after, increment.Address);
                    return increment.Prefix ? after : before;
                }
            case BcBuiltin builtin:
                {
                    var value = Evaluate(builtin.Argument);
                    return builtin.Name switch
                    {
                        "length" => BcNumber.FromInteger(value.Length()),
                        "scale" => BcNumber.FromInteger(value.Scale),
                        _ => Guard(() => BcNumber.Sqrt(value, _scale), builtin.Address),
                    };
                }
            case BcCall call:
                return Call(call);
        }
        throw new InvalidOperationException("unknown bc node");
    }

    private BcNumber Guard(Func<BcNumber> operation, int address)
    {
        try
        {
            return operation();
        }
        catch (BcRuntimeException e)
        {
            throw RuntimeError(e.Message, address);
        }
    }

    private BcNumber Apply(string op, BcNumber left, BcNumber right, int address)
    {
        switch (op)
        {
            case "+": return left + right;
            case "-": return left - right;
            case "*": return BcNumber.Multiply(left, right, _scale);
            case "/": return Guard(() => BcNumber.Divide(left, right, _scale), address);
            case "%": return Guard(() => BcNumber.Modulo(left, right, _scale), address);
            case "^":
                // bc looks at the exponent's scale, not its value: 2^2.0 warns too.
                if (right.Scale != 0) Warn("non-zero scale in exponent", address);
                return Guard(() => BcNumber.Power(left, right.Rescale(0).Value, _scale), address);
        }
        var order = left.CompareTo(right);
        return Truth(op switch
        {
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            ">=" => order >= 0,
            "==" => order == 0,
            _ => order != 0,
        });
    }

    private long Index(string name, BcNumber subscript, int address)
    {
        var value = subscript.ToLong();
        if (value is null or < 0 or >= ArrayLimit) throw RuntimeError($"Array {name} subscript out of bounds.", address);
        return value.Value;
    }

    private BcNumber Read(BcNode target, long index) => target switch
    {
        BcElement element => Array(element.Name).GetValueOrDefault(index, BcNumber.Zero),
        BcVariable variable => Load(variable.Name),
        _ => BcNumber.Zero,
    };

    private BcNumber Load(string name)
    {
        switch (name)
        {
            case "scale": return BcNumber.FromInteger(_scale);
            case "ibase": return BcNumber.FromInteger(_inputBase);
            case "obase": return BcNumber.FromInteger(_outputBase);
            case "last": return _last;
        }
        return _variables.TryGetValue(name, out var stack) && stack.Count > 0 ? stack[^1] : BcNumber.Zero;
    }

    private void Store(BcNode target, long index, BcNumber value, int address)
    {
        if (target is BcElement element)
        {
            Array(element.Name)[index] = value;
            return;
        }
        var name = ((BcVariable)target).Name;
        var whole = value.ToLong();
        switch (name)
        {
            case "scale":
                if (whole is null or > int.MaxValue) { Warn($"scale too large, set to {int.MaxValue}", address); _scale = int.MaxValue; }
                else if (whole < 0) { Warn("negative scale, set to 0", address); _scale = 0; }
                else _scale = (int)whole;
                return;
            case "ibase":
                if (whole is null or > 36) { Warn("ibase too large, set to 36", address); _inputBase = 36; }
                else if (whole < 2) { Warn("ibase too small, set to 2", address); _inputBase = 2; }
                else _inputBase = (int)whole;
                return;
            case "obase":
                if (whole is null or > int.MaxValue) { Warn($"obase too large, set to {int.MaxValue}", address); _outputBase = int.MaxValue; }
                else if (whole < 2) { Warn("obase too small, set to 2", address); _outputBase = 2; }
                else _outputBase = (int)whole;
                return;
            case "last":
                _last = value;
                return;
        }
        if (!_variables.TryGetValue(name, out var stack)) _variables[name] = stack = [BcNumber.Zero];
        stack[^1] = value;
    }

    private Dictionary<long, BcNumber> Array(string name)
    {
        if (!_arrays.TryGetValue(name, out var stack)) _arrays[name] = stack = [];
        if (stack.Count == 0) stack.Add([]);
        return stack[^1];
    }

    private BcNumber Call(BcCall call)
    {
        if (!_functions.TryGetValue(call.Name, out var function)) throw RuntimeError($"Function {call.Name} not defined.", call.Address);
        if (function.Parameters.Count != call.Arguments.Count) throw RuntimeError("Parameter number mismatch", call.Address);
        // Arguments are evaluated in the caller's scope before any parameter shadows a name.
        var values = new object[call.Arguments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = function.Parameters[i];
            var argument = call.Arguments[i];
            if (parameter.IsArray != argument is BcArrayArgument) throw RuntimeError("Parameter type mismatch", call.Address);
            values[i] = argument is BcArrayArgument array ? new Dictionary<long, BcNumber>(Array(array.Name)) : Evaluate(argument);
        }
        if (_callers.Count >= 10_000) throw RuntimeError("Function call nesting too deep", call.Address);
        for (var i = 0; i < values.Length; i++) Push(function.Parameters[i], values[i]);
        foreach (var auto in function.Autos) Push(auto, null);
        _callers.Push(function.Name);
        try
        {
            _returned = BcNumber.Zero;
            var flow = Execute(function.Body);
            return flow == Flow.Return ? _returned : BcNumber.Zero;
        }
        finally
        {
            if (_callers.Count > 0) _callers.Pop();
            foreach (var auto in function.Autos) Pop(auto);
            foreach (var parameter in function.Parameters) Pop(parameter);
        }
    }

    private void Push(BcParameter name, object? value)
    {
        if (name.IsArray)
        {
            if (!_arrays.TryGetValue(name.Name, out var arrays)) _arrays[name.Name] = arrays = [[]];
            arrays.Add(value as Dictionary<long, BcNumber> ?? []);
            return;
        }
        if (!_variables.TryGetValue(name.Name, out var stack)) _variables[name.Name] = stack = [BcNumber.Zero];
        stack.Add(value is BcNumber number ? number : BcNumber.Zero);
    }

    private void Pop(BcParameter name)
    {
        if (name.IsArray)
        {
            var arrays = _arrays[name.Name];
            if (arrays.Count > 0) arrays.RemoveAt(arrays.Count - 1);
            return;
        }
        var stack = _variables[name.Name];
        if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
    }
}
