using System.Globalization;
using System.Text;
using Mirage.Commands.Text.Shared;
using Mirage.Vfs;

namespace Mirage.Commands.Data.Awk;

internal sealed partial class AwkInterpreter
{
    private const int MaxCallDepth = 10000;
    private const int Unordered = int.MinValue;

    private Flow Execute(Stmt statement)
    {
        _context.CancellationToken.ThrowIfCancellationRequested();
        switch (statement)
        {
            case ExprStmt expression:
                Evaluate(expression.Expression);
                return Flow.Normal;
            case PrintStmt print:
                Print(print);
                return Flow.Normal;
            case BlockStmt block:
                foreach (var inner in block.Body)
                {
                    var flow = Execute(inner);
                    if (flow != Flow.Normal) return flow;
                }
                return Flow.Normal;
            case IfStmt ifStatement:
                if (Evaluate(ifStatement.Test).ToBool()) return Execute(ifStatement.Then);
                return ifStatement.Otherwise is null ? Flow.Normal : Execute(ifStatement.Otherwise);
            case WhileStmt loop:
                while (Evaluate(loop.Test).ToBool())
                {
                    var flow = Execute(loop.Body);
                    if (flow == Flow.Break) break;
                    if (flow is Flow.Normal or Flow.Continue) continue;
                    return flow;
                }
                return Flow.Normal;
            case DoStmt loop:
                do
                {
                    var flow = Execute(loop.Body);
                    if (flow == Flow.Break) break;
                    if (flow is not (Flow.Normal or Flow.Continue)) return flow;
                }
                while (Evaluate(loop.Test).ToBool());
                return Flow.Normal;
            case ForStmt loop:
                if (loop.Init is not null) Execute(loop.Init);
                while (loop.Test is null || Evaluate(loop.Test).ToBool())
                {
                    var flow = Execute(loop.Body);
                    if (flow == Flow.Break) break;
                    if (flow is not (Flow.Normal or Flow.Continue)) return flow;
                    if (loop.Step is not null) Execute(loop.Step);
                }
                return Flow.Normal;
            case ForInStmt loop:
                return ForIn(loop);
            case JumpStmt jump:
                return jump.Kind switch
                {
                    JumpKind.Break => Flow.Break,
                    JumpKind.Continue => Flow.Continue,
                    JumpKind.Next => Next(),
                    _ => NextFile(),
                };
            case ExitStmt exit:
                if (exit.Status is not null) _exitStatus = (int)Evaluate(exit.Status).ToNumber() & 0xff;
                if (_frames.Count > 0) throw new FlowException(Flow.Exit);
                return Flow.Exit;
            case ReturnStmt ret:
                _returnValue = ret.Value is null ? AwkValue.Uninitialized : Evaluate(ret.Value);
                return Flow.Return;
            case DeleteStmt delete:
                {
                    var array = ArrayOf(delete.Array);
                    if (delete.Subscripts is null) array.Clear();
                    else array.Remove(Subscript(delete.Subscripts));
                    return Flow.Normal;
                }
            default:
                throw new AwkFatalException("unknown statement");
        }
    }

    private Flow Next()
    {
        if (_inEnd || _inBegin) throw new AwkFatalException("`next' used in " + (_inEnd ? "END" : "BEGIN") + " action");
        if (_frames.Count > 0) throw new FlowException(Flow.Next);
        return Flow.Next;
    }

    private Flow NextFile()
    {
        if (_frames.Count > 0) throw new FlowException(Flow.NextFile);
        return Flow.NextFile;
    }

    private bool _inBegin => false;

    private Flow ForIn(ForInStmt loop)
    {
        var array = ArrayOf(loop.Array);
        if (IsDeleteLoop(loop))
        {
            // gawk turns "for (k in a) delete a[k]" into one clear, leaving k at the first index.
            var first = array.Count > 0 ? array.Indices()[0] : default(AwkIndex?);
            if (first is { } index) Store(loop.Variable, IndexValue(index));
            array.Clear();
            return Flow.Normal;
        }
        foreach (var index in OrderedIndices(array))
        {
            Store(loop.Variable, IndexValue(index));
            var flow = Execute(loop.Body);
            if (flow == Flow.Break) break;
            if (flow is not (Flow.Normal or Flow.Continue)) return flow;
        }
        return Flow.Normal;
    }

    private static bool IsDeleteLoop(ForInStmt loop)
    {
        var body = loop.Body is BlockStmt { Body.Count: 1 } block ? block.Body[0] : loop.Body;
        return body is DeleteStmt { Subscripts: [var subscript] } delete
            && SameVariable(subscript, loop.Variable)
            && SameVariable(delete.Array, loop.Array);
    }

    private static bool SameVariable(Expr a, Expr b) => (a, b) switch
    {
        (GlobalVar x, GlobalVar y) => x.Slot == y.Slot,
        (LocalVar x, LocalVar y) => x.Slot == y.Slot,
        _ => false,
    };

    private static AwkValue IndexValue(AwkIndex index) => index.Kind switch
    {
        AwkKind.Number => AwkValue.FromNumber(double.Parse(index.Key, CultureInfo.InvariantCulture)),
        AwkKind.StrNum => AwkValue.FromInput(index.Key),
        _ => AwkValue.FromString(index.Key),
    };

    /// <summary>The indices in gawk's own order, sorted as PROCINFO["sorted_in"] asks (a stable sort over that order, as glibc's qsort).</summary>
    private List<AwkIndex> OrderedIndices(AwkArray array)
    {
        var procinfo = _globals[SlotPROCINFO].Array;
        if (procinfo is null || !procinfo.TryGetValue("sorted_in", out var order)) return array.Indices();
        return SortedIndices(array, order.ToText(_convfmt));
    }

    private List<AwkIndex> SortedIndices(AwkArray array, string how)
    {
        var indices = array.Indices(integersAsStrings: how is "@ind_str_asc" or "@ind_str_desc");
        Comparison<AwkIndex>? comparison = how switch
        {
            "@ind_str_asc" => (a, b) => string.CompareOrdinal(a.Key, b.Key),
            "@ind_str_desc" => (a, b) => -string.CompareOrdinal(a.Key, b.Key),
            "@ind_num_asc" => CompareIndexNumbers,
            "@ind_num_desc" => (a, b) => -CompareIndexNumbers(a, b),
            "@val_str_asc" => (a, b) => CompareValueStrings(array, a, b),
            "@val_str_desc" => (a, b) => -CompareValueStrings(array, a, b),
            "@val_num_asc" => (a, b) => CompareValueNumbers(array, a, b),
            "@val_num_desc" => (a, b) => -CompareValueNumbers(array, a, b),
            "@val_type_asc" => (a, b) => CompareValueTypes(array, a, b),
            "@val_type_desc" => (a, b) => -CompareValueTypes(array, a, b),
            "@unsorted" => null,
            _ => UserComparison(array, how),
        };
        if (comparison is null) return indices;
        var positioned = indices.Select((index, position) => (index, position)).ToList();
        positioned.Sort((x, y) =>
        {
            var result = comparison(x.index, y.index);
            return result != 0 ? result : x.position.CompareTo(y.position);
        });
        return positioned.ConvertAll(p => p.index);
    }

    private Comparison<AwkIndex> UserComparison(AwkArray array, string name)
    {
        if (name.Length == 0 || name.Any(char.IsWhiteSpace)) throw new AwkFatalException($"`{name}' is invalid as a function name");
        if (!_program.Functions.TryGetValue(name, out var function)) throw new AwkFatalException($"sort comparison function `{name}' is not defined");
        return (a, b) =>
        {
            var result = CallFunction(function, [IndexValue(a), array[a.Key], IndexValue(b), array[b.Key]]).ToNumber();
            return result < 0 ? -1 : result > 0 ? 1 : 0;
        };
    }

    /// <summary>sort_up_index_number: the indices' numeric values, then their strings.</summary>
    private static int CompareIndexNumbers(AwkIndex a, AwkIndex b)
    {
        var result = AwkValue.FromString(a.Key).ToNumber().CompareTo(AwkValue.FromString(b.Key).ToNumber());
        return result != 0 ? result : string.CompareOrdinal(a.Key, b.Key);
    }

    /// <summary>sort_up_value_string: the values as strings, then the indices.</summary>
    private int CompareValueStrings(AwkArray array, AwkIndex a, AwkIndex b)
    {
        var (x, y) = (array[a.Key], array[b.Key]);
        if (x.Kind == AwkKind.Uninit || y.Kind == AwkKind.Uninit) return CompareValueTypes(array, a, b);
        var result = string.CompareOrdinal(x.ToText(_convfmt), y.ToText(_convfmt));
        return result != 0 ? result : string.CompareOrdinal(a.Key, b.Key);
    }

    /// <summary>sort_up_value_number: the values as numbers, then as strings, then the indices.</summary>
    private int CompareValueNumbers(AwkArray array, AwkIndex a, AwkIndex b)
    {
        var (x, y) = (array[a.Key], array[b.Key]);
        if (x.Kind == AwkKind.Uninit || y.Kind == AwkKind.Uninit) return CompareValueTypes(array, a, b);
        var result = x.ToNumber().CompareTo(y.ToNumber());
        if (result == 0) result = string.CompareOrdinal(x.ToText(_convfmt), y.ToText(_convfmt));
        return result != 0 ? result : string.CompareOrdinal(a.Key, b.Key);
    }

    /// <summary>sort_up_value_type: untyped elements first, then numbers, then strings; ties by index.</summary>
    private int CompareValueTypes(AwkArray array, AwkIndex a, AwkIndex b)
    {
        var result = CompareValuesNumeric(array[a.Key], array[b.Key]);
        return result != 0 ? result : string.CompareOrdinal(a.Key, b.Key);
    }

    private int CompareValuesNumeric(AwkValue a, AwkValue b)
    {
        if (a.Kind == AwkKind.Uninit || b.Kind == AwkKind.Uninit) return (a.Kind == AwkKind.Uninit ? 0 : 1) - (b.Kind == AwkKind.Uninit ? 0 : 1);
        var aNumeric = a.IsNumeric(out var x);
        var bNumeric = b.IsNumeric(out var y);
        if (aNumeric && bNumeric) return x.CompareTo(y);
        if (aNumeric) return -1;
        if (bNumeric) return 1;
        return string.CompareOrdinal(a.ToText(_convfmt), b.ToText(_convfmt));
    }

    private void Print(PrintStmt print)
    {
        string text;
        if (print.Formatted)
        {
            if (print.Arguments.Count == 0) throw new AwkFatalException("printf: no arguments");
            var format = Evaluate(print.Arguments[0]).ToText(_convfmt);
            var values = new AwkValue[print.Arguments.Count - 1];
            for (var i = 1; i < print.Arguments.Count; i++) values[i - 1] = Evaluate(print.Arguments[i]);
            text = AwkFormatter.Format(format, values, _convfmt);
        }
        else if (print.Arguments.Count == 0)
        {
            text = _record + _ors;
        }
        else
        {
            var builder = new StringBuilder();
            for (var i = 0; i < print.Arguments.Count; i++)
            {
                if (i > 0) builder.Append(_ofs);
                builder.Append(OutputText(Evaluate(print.Arguments[i])));
            }
            builder.Append(_ors);
            text = builder.ToString();
        }
        if (print.Redirect is null)
        {
            _stdout.Write(text);
            return;
        }
        var name = Evaluate(print.Destination!).ToText(_convfmt);
        var output = OutputFor(print.Redirect, name);
        try
        {
            output.Write(text);
        }
        catch (BrokenPipeException) when (print.Redirect == "|")
        {
            throw new AwkFatalException($"{(print.Formatted ? "printf" : "print")} to \"{name}\" failed: Broken pipe");
        }
        if (output == _stderr) _stderr.Flush();
    }

    /// <summary>print converts numbers with OFMT (integral values print as integers).</summary>
    private string OutputText(AwkValue value) => value.Kind == AwkKind.Number ? AwkValue.NumberToText(value.ToNumber(), _ofmt) : value.ToText(_convfmt);

    private AwkValue Evaluate(Expr expr)
    {
        switch (expr)
        {
            case NumberExpr number:
                return number.Value;
            case StringExpr text:
                return text.Value;
            case GlobalVar global:
                return GetGlobal(global.Slot);
            case LocalVar local:
                return ReadLocal(local);
            case FieldExpr field:
                return GetField(FieldIndex(field));
            case IndexExpr index:
                return ReadElement(index);
            case GroupExpr group:
                return Evaluate(group.Inner);
            case RegexExpr regex:
                return AwkValue.FromBool(Regex(regex.Source).IsMatch(_record));
            case AssignExpr assign:
                {
                    if (assign.Op == "=")
                    {
                        var value = Evaluate(assign.Value);
                        if (value.Kind == AwkKind.Uninit && assign.Value is GlobalVar or LocalVar) value = AwkValue.Uninitialized;
                        Store(assign.Target, value);
                        return value;
                    }
                    var right = Evaluate(assign.Value).ToNumber();
                    var left = Read(assign.Target).ToNumber();
                    var result = AwkValue.FromNumber(Arithmetic(left, assign.Op[0], right));
                    Store(assign.Target, result);
                    return result;
                }
            case CondExpr cond:
                return Evaluate(cond.Test).ToBool() ? Evaluate(cond.Yes) : Evaluate(cond.No);
            case AndExpr and:
                return AwkValue.FromBool(Evaluate(and.Left).ToBool() && Evaluate(and.Right).ToBool());
            case OrExpr or:
                return AwkValue.FromBool(Evaluate(or.Left).ToBool() || Evaluate(or.Right).ToBool());
            case InExpr inExpr:
                {
                    var key = Subscript(inExpr.Subscripts);
                    return AwkValue.FromBool(ArrayOf(inExpr.Array).ContainsKey(key));
                }
            case MatchExpr match:
                {
                    var text = Evaluate(match.Left).ToText(_convfmt);
                    var matched = RegexOf(match.Regex).IsMatch(text);
                    return AwkValue.FromBool(matched != match.Negate);
                }
            case CompareExpr compare:
                {
                    var left = Evaluate(compare.Left);
                    var right = Evaluate(compare.Right);
                    var order = Compare(left, right);
                    if (order == Unordered) return AwkValue.FromBool(compare.Op == "!=");
                    return AwkValue.FromBool(compare.Op switch
                    {
                        "<" => order < 0,
                        "<=" => order <= 0,
                        ">" => order > 0,
                        ">=" => order >= 0,
                        "==" => order == 0,
                        _ => order != 0,
                    });
                }
            case ConcatExpr concat:
                {
                    var left = Evaluate(concat.Left).ToText(_convfmt);
                    var right = Evaluate(concat.Right).ToText(_convfmt);
                    return AwkValue.FromString(string.Concat(left, right));
                }
            case BinaryExpr binary:
                {
                    var left = Evaluate(binary.Left).ToNumber();
                    var right = Evaluate(binary.Right).ToNumber();
                    return AwkValue.FromNumber(Arithmetic(left, binary.Op, right));
                }
            case UnaryExpr unary:
                {
                    var operand = Evaluate(unary.Operand);
                    return unary.Op switch
                    {
                        '!' => AwkValue.FromBool(!operand.ToBool()),
                        '-' => AwkValue.FromNumber(-operand.ToNumber()),
                        _ => AwkValue.FromNumber(operand.ToNumber()),
                    };
                }
            case IncrementExpr increment:
                {
                    var old = Read(increment.Target).ToNumber();
                    var updated = old + increment.Delta;
                    Store(increment.Target, AwkValue.FromNumber(updated));
                    return AwkValue.FromNumber(increment.Prefix ? updated : old);
                }
            case CallExpr call:
                return Call(call);
            case BuiltinExpr builtin:
                return Builtin(builtin);
            case GetlineExpr getline:
                return Getline(getline);
            default:
                throw new AwkFatalException("invalid expression");
        }
    }

    private static double Arithmetic(double left, char op, double right)
    {
        switch (op)
        {
            case '+': return left + right;
            case '-': return left - right;
            case '*': return left * right;
            case '/':
                if (right == 0) throw new AwkFatalException("division by zero attempted");
                return left / right;
            case '%':
                if (right == 0) throw new AwkFatalException("division by zero attempted in `%'");
                return Math.IEEERemainder(left, right) is var _ ? left % right : 0;
            default:
                return Power(left, right);
        }
    }

    private static double Power(double x, double y)
    {
        if (y == Math.Floor(y) && Math.Abs(y) < 1024)
        {
            // Repeated multiplication, as gawk does for integral exponents.
            var n = (long)Math.Abs(y);
            double result = 1, b = x;
            while (n > 0)
            {
                if ((n & 1) != 0) result *= b;
                b *= b;
                n >>= 1;
            }
            return y < 0 ? 1 / result : result;
        }
        return Math.Pow(x, y);
    }

    /// <summary>gawk's comparison: numerically when both sides are numbers (or numeric input), otherwise as strings.</summary>
    private int Compare(AwkValue left, AwkValue right)
    {
        if (left.IsNumeric(out var x) && right.IsNumeric(out var y))
        {
            if (double.IsNaN(x) || double.IsNaN(y)) return Unordered;
            return x.CompareTo(y);
        }
        return string.CompareOrdinal(left.ToText(_convfmt), right.ToText(_convfmt));
    }

    // ---- user functions ----

    private AwkValue Call(CallExpr call)
    {
        var function = call.Function!;
        if (call.Arguments.Count > function.Parameters.Count)
            throw new AwkFatalException($"function `{function.Name}' called with more arguments than declared");
        var frame = new Cell[function.Parameters.Count];
        for (var i = 0; i < frame.Length; i++)
        {
            var cell = new Cell();
            if (i < call.Arguments.Count)
            {
                var argument = call.Arguments[i];
                Cell? source = argument switch
                {
                    GlobalVar global => _globals[global.Slot],
                    LocalVar local => LocalCell(local.Slot),
                    _ => null,
                };
                if (source is not null && source.Array is not null) cell.Array = source.Array;
                else if (source is not null && source.Value.Kind == AwkKind.Uninit && !(argument is GlobalVar { Slot: < SpecialCount })) cell.Origin = source.Origin ?? source;
                else cell.Value = Evaluate(argument);
            }
            frame[i] = cell;
        }
        return Invoke(function, frame);
    }

    private AwkValue CallFunction(AwkFunction function, AwkValue[] arguments)
    {
        var frame = new Cell[function.Parameters.Count];
        for (var i = 0; i < frame.Length; i++) frame[i] = new Cell { Value = i < arguments.Length ? arguments[i] : AwkValue.Uninitialized };
        return Invoke(function, frame);
    }

    private AwkValue Invoke(AwkFunction function, Cell[] frame)
    {
        if (_frames.Count >= MaxCallDepth) throw new AwkFatalException("function call nesting too deep");
        _frames.Push(frame);
        try
        {
            _returnValue = AwkValue.Uninitialized;
            var flow = Execute(function.Body);
            if (flow is Flow.Next or Flow.NextFile or Flow.Exit) throw new FlowException(flow);
            var result = flow == Flow.Return ? _returnValue : AwkValue.Uninitialized;
            _returnValue = AwkValue.Uninitialized;
            return result;
        }
        finally
        {
            _frames.Pop();
        }
    }

    // ---- getline ----

    private AwkValue Getline(GetlineExpr getline)
    {
        string record;
        string terminator;
        switch (getline.Source)
        {
            case GetlineSource.Main:
                {
                    bool got;
                    try
                    {
                        got = NextMainRecord(out record, out terminator);
                    }
                    catch (FlowException)
                    {
                        return AwkValue.FromNumber(-1);
                    }
                    if (!got) return AwkValue.Zero;
                    break;
                }
            case GetlineSource.File:
                {
                    var name = Evaluate(getline.From!).ToText(_convfmt);
                    if (!_inputs.TryGetValue(name, out var reader))
                    {
                        try
                        {
                            reader = new RecordReader(OpenInput(name), _context.CancellationToken);
                        }
                        catch (Exception e) when (e is IOException or ResourceException)
                        {
                            return AwkValue.FromNumber(-1);
                        }
                        _inputs[name] = reader;
                    }
                    if (!reader.Read(_rs, RsRegex(), out record, out terminator)) return AwkValue.Zero;
                    _globals[SlotRT].Value = AwkValue.FromString(terminator);
                    if (getline.Target is null) SetRecord(record);
                    else Store(getline.Target, AwkValue.FromInput(record));
                    return AwkValue.One;
                }
            default:
                {
                    var command = Evaluate(getline.From!).ToText(_convfmt);
                    if (!_inputs.TryGetValue(command, out var reader))
                    {
                        // gawk flushes nothing here: the command runs beside awk and its output is read as it comes.
                        var pipe = AwkCommandPipe.FromCommand(_context.Runner, Latin1.ToDisplay(command), _stderr.Stream, _context.CancellationToken);
                        _inputCommands[command] = pipe;
                        reader = new RecordReader(pipe.Stream, _context.CancellationToken);
                        _inputs[command] = reader;
                    }
                    if (!reader.Read(_rs, RsRegex(), out record, out terminator)) return AwkValue.Zero;
                    break;
                }
        }
        _globals[SlotRT].Value = AwkValue.FromString(terminator);
        if (getline.Target is null)
        {
            if (getline.Source == GetlineSource.Main) { }
            SetRecord(record);
        }
        else
        {
            Store(getline.Target, AwkValue.FromInput(record));
        }
        return AwkValue.One;
    }

    // ---- builtins ----

    private AwkValue Builtin(BuiltinExpr builtin)
    {
        var args = builtin.Arguments;
        switch (builtin.Name)
        {
            case "length":
                {
                    if (args.Count == 0) return AwkValue.FromNumber(_record.Length);
                    if (args[0] is GlobalVar or LocalVar)
                    {
                        var cell = args[0] is GlobalVar g ? _globals[g.Slot] : LocalCell(((LocalVar)args[0]).Slot);
                        if (cell.Array is not null) return AwkValue.FromNumber(cell.Array.Count);
                        if (cell.Origin?.Array is { } shared) return AwkValue.FromNumber(shared.Count);
                    }
                    return AwkValue.FromNumber(Evaluate(args[0]).ToText(_convfmt).Length);
                }
            case "substr":
                {
                    var text = Text(args[0]);
                    var start = Evaluate(args[1]).ToNumber();
                    double length = args.Count > 2 ? Evaluate(args[2]).ToNumber() : double.PositiveInfinity;
                    return AwkValue.FromString(Substring(text, start, length, args.Count > 2));
                }
            case "index":
                {
                    var text = Text(args[0]);
                    var find = Text(args[1]);
                    return AwkValue.FromNumber(text.IndexOf(find, StringComparison.Ordinal) + 1);
                }
            case "split":
                return Split(args);
            case "sub" or "gsub":
                return Substitute(args, builtin.Name == "gsub");
            case "gensub":
                return GenSub(args);
            case "match":
                return Match(args);
            case "sprintf":
                {
                    if (args.Count == 0) throw new AwkFatalException("sprintf: no arguments");
                    var format = Text(args[0]);
                    var values = new AwkValue[args.Count - 1];
                    for (var i = 1; i < args.Count; i++) values[i - 1] = Evaluate(args[i]);
                    return AwkValue.FromString(AwkFormatter.Format(format, values, _convfmt));
                }
            case "tolower":
                return AwkValue.FromString(AsciiCase(Text(args[0]), upper: false));
            case "toupper":
                return AwkValue.FromString(AsciiCase(Text(args[0]), upper: true));
            case "int":
                return AwkValue.FromNumber(Math.Truncate(Number(args[0])));
            case "sqrt":
                {
                    var x = Number(args[0]);
                    if (x < 0) Warning($"sqrt: called with negative argument {AwkValue.NumberToText(x, _convfmt)}");
                    return AwkValue.FromNumber(x < 0 ? -double.NaN : Math.Sqrt(x));
                }
            case "exp":
                return AwkValue.FromNumber(Math.Exp(Number(args[0])));
            case "log":
                {
                    var x = Number(args[0]);
                    if (x < 0) Warning($"log: received negative argument {AwkValue.NumberToText(x, _convfmt)}");
                    return AwkValue.FromNumber(x < 0 ? -double.NaN : Math.Log(x));
                }
            case "sin":
                return AwkValue.FromNumber(Math.Sin(Number(args[0])));
            case "cos":
                return AwkValue.FromNumber(Math.Cos(Number(args[0])));
            case "atan2":
                return AwkValue.FromNumber(Math.Atan2(Number(args[0]), Number(args[1])));
            case "rand":
                return AwkValue.FromNumber((_random ??= new AwkRandom()).NextDouble());
            case "srand":
                {
                    var previous = _seed;
                    _seed = args.Count > 0 ? SeedOf(Number(args[0])) : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                    (_random ??= new AwkRandom()).Seed(unchecked((uint)_seed));
                    return AwkValue.FromNumber(previous);
                }
            case "system":
                {
                    FlushAll();
                    var status = RunCommand(Text(args[0]), new MemoryStream(), _stdout.Stream);
                    return AwkValue.FromNumber(status);
                }
            case "close":
                return AwkValue.FromNumber(CloseStream(Text(args[0])));
            case "fflush":
                return AwkValue.FromNumber(Flush(args.Count == 0 ? "" : Text(args[0])));
            case "systime":
                return AwkValue.FromNumber(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            case "strftime":
                return StrFTime(args);
            case "mktime":
                return MkTime(Text(args[0]));
            case "and" or "or" or "xor":
                {
                    var result = (ulong)Number(args[0]);
                    for (var i = 1; i < args.Count; i++)
                    {
                        var value = (ulong)Number(args[i]);
                        result = builtin.Name switch { "and" => result & value, "or" => result | value, _ => result ^ value };
                    }
                    return AwkValue.FromNumber(result);
                }
            case "lshift":
                return AwkValue.FromNumber((ulong)Number(args[0]) << (int)Number(args[1]));
            case "rshift":
                return AwkValue.FromNumber((ulong)Number(args[0]) >> (int)Number(args[1]));
            case "compl":
                return AwkValue.FromNumber(~(ulong)Number(args[0]) & ((1UL << 53) - 1));
            case "strtonum":
                {
                    var value = Evaluate(args[0]);
                    if (value.Kind == AwkKind.Number) return value;
                    var text = value.ToText(_convfmt).Trim();
                    if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                    {
                        var digits = new string(text[2..].TakeWhile(char.IsAsciiHexDigit).ToArray());
                        return AwkValue.FromNumber(digits.Length == 0 ? 0 : (double)ulong.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    }
                    if (text.Length > 1 && text[0] == '0' && text.All(c => c is >= '0' and <= '7'))
                        return AwkValue.FromNumber(Convert.ToUInt64(text, 8));
                    return AwkValue.FromNumber(AwkValue.ParseNumberPrefix(text));
                }
            case "typeof":
                {
                    if (args[0] is GlobalVar or LocalVar)
                    {
                        var cell = args[0] is GlobalVar g ? _globals[g.Slot] : LocalCell(((LocalVar)args[0]).Slot);
                        if (cell.Array is not null) return AwkValue.FromString("array");
                    }
                    if (args[0] is FieldExpr field)
                    {
                        var number = FieldIndex(field);
                        if (number > 0)
                        {
                            EnsureFields();
                            if (number > _nf) return AwkValue.FromString("unassigned");
                        }
                    }
                    if (args[0] is IndexExpr index)
                    {
                        var array = ArrayOf(index.Array);
                        if (!array.TryGetValue(Subscript(index.Subscripts), out var element)) return AwkValue.FromString("untyped");
                        return AwkValue.FromString(TypeName(element));
                    }
                    return AwkValue.FromString(TypeName(Evaluate(args[0])));
                }
            case "isarray":
                {
                    if (args[0] is GlobalVar or LocalVar)
                    {
                        var cell = args[0] is GlobalVar g ? _globals[g.Slot] : LocalCell(((LocalVar)args[0]).Slot);
                        return AwkValue.FromBool(cell.Array is not null);
                    }
                    return AwkValue.Zero;
                }
            case "asort" or "asorti":
                return Asort(args, builtin.Name == "asorti");
            default:
                throw new AwkFatalException($"function `{builtin.Name}' not defined");
        }
    }

    private AwkRandom? _random;

    /// <summary>fflush(): everything for "" (or no argument), else the named redirection; -1 and a warning for what is not open.</summary>
    private int Flush(string name)
    {
        if (name.Length == 0)
        {
            FlushAll();
            return 0;
        }
        if (_outputs.TryGetValue(name, out var target))
        {
            target.Output.Flush(false);
            return 0;
        }
        if (AwkPaths.IsStdout(name) || AwkPaths.IsStderr(name))
        {
            (AwkPaths.IsStdout(name) ? _stdout : _stderr).Flush();
            return 0;
        }
        Warning($"fflush: `{name}' is not an open file, pipe or co-process");
        return -1;
    }

    /// <summary>gawk keeps the seed as a C long, truncated toward zero (x86 gives the lowest long for what does not fit).</summary>
    private static long SeedOf(double value) =>
        double.IsNaN(value) || value >= 9223372036854775808.0 || value < -9223372036854775808.0 ? long.MinValue : (long)value;

    private static string TypeName(AwkValue value) => value.Kind switch
    {
        AwkKind.Number => "number",
        AwkKind.String => "string",
        AwkKind.Uninit => "untyped",
        _ => value.IsNumeric(out _) ? "strnum" : "string",
    };

    private string Text(Expr expr) => Evaluate(expr).ToText(_convfmt);

    private double Number(Expr expr) => Evaluate(expr).ToNumber();

    private static string AsciiCase(string text, bool upper)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (upper && c is >= 'a' and <= 'z') chars[i] = (char)(c - 32);
            else if (!upper && c is >= 'A' and <= 'Z') chars[i] = (char)(c + 32);
        }
        return new string(chars);
    }

    /// <summary>gawk 5.2's substr: a start below 1 counts as 1 (the length is kept); start and length are truncated.</summary>
    private static string Substring(string text, double start, double length, bool hasLength)
    {
        if (double.IsNaN(start) || double.IsNaN(length)) return "";
        var from = start < 1 ? 1 : Math.Truncate(start);
        if (from > text.Length) return "";
        var available = text.Length - from + 1;
        var count = hasLength ? Math.Min(Math.Truncate(length), available) : available;
        if (count <= 0) return "";
        return text.Substring((int)from - 1, (int)count);
    }

    private AwkValue Split(IReadOnlyList<Expr> args)
    {
        var text = Text(args[0]);
        var array = ArrayOf(args[1]);
        string separator;
        if (args.Count > 2) separator = args[2] is RegexExpr regex ? (regex.Source == " " ? "[ ]" : regex.Source) : Text(args[2]);
        else separator = _fs;
        var pieces = new List<string>();
        var separators = args.Count > 3 ? new List<string>() : null;
        SplitInto(text, separator, pieces, separators, args.Count <= 2 && _rs.Length == 0);
        array.Clear();
        for (var i = 0; i < pieces.Count; i++) array.Set((i + 1).ToString(CultureInfo.InvariantCulture), AwkValue.FromInput(pieces[i]));
        if (separators is not null)
        {
            var seps = ArrayOf(args[3]);
            seps.Clear();
            var offset = separator == " " ? 0 : 1;
            for (var i = 0; i < separators.Count; i++)
            {
                if (separator == " " && i == separators.Count - 1 && separators[i].Length == 0 && i > 0) continue;
                if (separator == " " && i == 0 && separators[0].Length == 0) continue;
                seps.Set((i + offset).ToString(CultureInfo.InvariantCulture), AwkValue.FromString(separators[i]));
            }
        }
        return AwkValue.FromNumber(pieces.Count);
    }

    private AwkValue Substitute(IReadOnlyList<Expr> args, bool global)
    {
        var matcher = RegexOf(args[0]);
        var replacement = Text(args[1]);
        Expr target = args.Count > 2 ? args[2] : new FieldExpr(new NumberExpr(0));
        var text = Read(target).ToText(_convfmt);
        var result = new StringBuilder();
        var count = 0;
        var position = 0;
        var lastMatchEnd = -1;
        while (position <= text.Length)
        {
            var found = matcher.Find(text, position);
            if (found is null) break;
            var (index, length) = found.Value;
            if (length == 0 && index == lastMatchEnd)
            {
                // No empty match right after a match.
                if (index >= text.Length) break;
                result.Append(text, position, index + 1 - position);
                position = index + 1;
                continue;
            }
            result.Append(text, position, index - position);
            AppendReplacement(result, replacement, text.Substring(index, length));
            count++;
            if (length == 0)
            {
                if (index < text.Length) result.Append(text[index]);
                position = index + 1;
            }
            else
            {
                position = index + length;
                lastMatchEnd = position;
            }
            if (!global) break;
        }
        if (count == 0) return AwkValue.Zero;
        if (position < text.Length) result.Append(text, position, text.Length - position);
        Store(target, AwkValue.FromString(result.ToString()));
        return AwkValue.FromNumber(count);
    }

    private static void AppendReplacement(StringBuilder result, string replacement, string matched)
    {
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '\\' && i + 2 < replacement.Length && replacement[i + 1] == '\\' && replacement[i + 2] == '&')
            {
                result.Append('\\').Append(matched);
                i += 2;
            }
            else if (c == '\\' && i + 1 < replacement.Length && replacement[i + 1] == '&')
            {
                result.Append('&');
                i++;
            }
            else if (c == '\\' && i + 3 < replacement.Length && replacement[i + 1] == '\\' && replacement[i + 2] == '\\' && replacement[i + 3] == '\\')
            {
                result.Append("\\\\");
                i += 3;
            }
            else if (c == '&')
            {
                result.Append(matched);
            }
            else
            {
                result.Append(c);
            }
        }
    }

    private AwkValue GenSub(IReadOnlyList<Expr> args)
    {
        var matcher = RegexOf(args[0]);
        var replacement = Text(args[1]);
        var how = Evaluate(args[2]);
        var text = args.Count > 3 ? Text(args[3]) : _record;
        var howText = how.ToText(_convfmt);
        var global = howText.Length > 0 && howText[0] is 'g' or 'G';
        var which = global ? 0 : Math.Max(1, (int)how.ToNumber());
        var result = new StringBuilder();
        var position = 0;
        var searchFrom = 0;
        var occurrence = 0;
        var lastMatchEnd = -1;
        while (searchFrom <= text.Length)
        {
            var match = matcher.FindMatch(text, searchFrom);
            if (match is null) break;
            if (match.Length == 0 && match.Index == lastMatchEnd)
            {
                searchFrom = match.Index + 1;
                continue;
            }
            occurrence++;
            if (global || occurrence == which)
            {
                result.Append(text, position, match.Index - position);
                for (var i = 0; i < replacement.Length; i++)
                {
                    var c = replacement[i];
                    if (c == '\\' && i + 1 < replacement.Length)
                    {
                        var next = replacement[i + 1];
                        if (char.IsAsciiDigit(next))
                        {
                            var group = match.Groups[next - '0'];
                            if (group.Success) result.Append(group.Value);
                            i++;
                            continue;
                        }
                        if (next == '&')
                        {
                            result.Append('&');
                            i++;
                            continue;
                        }
                        result.Append(c);
                        continue;
                    }
                    if (c == '&') result.Append(match.Value);
                    else result.Append(c);
                }
                position = match.Index + match.Length;
                if (!global) break;
            }
            if (match.Length == 0)
            {
                if (global && match.Index < text.Length)
                {
                    result.Append(text[match.Index]);
                    position = match.Index + 1;
                }
                searchFrom = match.Index + 1;
            }
            else
            {
                searchFrom = match.Index + match.Length;
                lastMatchEnd = searchFrom;
            }
        }
        if (position < text.Length) result.Append(text, position, text.Length - position);
        return AwkValue.FromString(result.ToString());
    }

    private AwkValue Match(IReadOnlyList<Expr> args)
    {
        var text = Text(args[0]);
        var matcher = RegexOf(args[1]);
        var match = matcher.FindMatch(text, 0);
        AwkArray? array = null;
        if (args.Count > 2)
        {
            array = ArrayOf(args[2]);
            array.Clear();
        }
        if (match is null)
        {
            _globals[SlotRSTART].Value = AwkValue.Zero;
            _globals[SlotRLENGTH].Value = AwkValue.FromNumber(-1);
            return AwkValue.Zero;
        }
        _globals[SlotRSTART].Value = AwkValue.FromNumber(match.Index + 1);
        _globals[SlotRLENGTH].Value = AwkValue.FromNumber(match.Length);
        if (array is not null)
        {
            for (var i = 0; i < match.Groups.Count; i++)
            {
                var group = match.Groups[i];
                if (!group.Success) continue;
                var key = i.ToString(CultureInfo.InvariantCulture);
                array.Set(key, AwkValue.FromInput(group.Value));
                array.Set(key + _subsep + "start", AwkValue.FromNumber(group.Index + 1));
                array.Set(key + _subsep + "length", AwkValue.FromNumber(group.Length));
            }
        }
        return AwkValue.FromNumber(match.Index + 1);
    }

    private AwkValue Asort(IReadOnlyList<Expr> args, bool indices)
    {
        var source = ArrayOf(args[0]);
        var destination = args.Count > 1 ? ArrayOf(args[1]) : source;
        var how = args.Count > 2 ? Text(args[2]) : "";
        if (how.Length == 0) how = indices ? "@ind_str_asc" : "@val_type_asc";
        var sorted = SortedIndices(source, how);
        var values = sorted.ConvertAll(index => indices ? IndexValue(index) : source[index.Key]);
        destination.Clear();
        for (var i = 0; i < values.Count; i++) destination.Set((i + 1).ToString(CultureInfo.InvariantCulture), values[i]);
        return AwkValue.FromNumber(values.Count);
    }

    private AwkValue StrFTime(IReadOnlyList<Expr> args)
    {
        var format = args.Count > 0 ? Text(args[0]) : "%a %b %e %H:%M:%S %Z %Y";
        var seconds = args.Count > 1 ? Number(args[1]) : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var time = DateTimeOffset.FromUnixTimeSeconds((long)seconds);
        return AwkValue.FromString(Mirage.Commands.Common.TimeFormat.Format(format, time, "UTC"));
    }

    private static AwkValue MkTime(string spec)
    {
        var parts = spec.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 6) return AwkValue.FromNumber(-1);
        try
        {
            var n = parts.Take(6).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            var time = new DateTime(n[0], 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(n[1] - 1).AddDays(n[2] - 1).AddHours(n[3]).AddMinutes(n[4]).AddSeconds(n[5]);
            return AwkValue.FromNumber(new DateTimeOffset(time).ToUnixTimeSeconds());
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            return AwkValue.FromNumber(-1);
        }
    }

    internal static string DisplayName(string text) => Latin1.ToDisplay(text);
}
