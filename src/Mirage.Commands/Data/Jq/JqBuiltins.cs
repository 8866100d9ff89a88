using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mirage.Commands.Data.Jq;

/// <summary>Builtins: those jq itself defines in jq live in the prelude; the rest are native.</summary>
internal sealed partial class JqInterpreter
{
    private const string PreludeSource = """
        def not: if . then false else true end;
        def select(f): if f then . else empty end;
        def recurse(f): def r: ., (f | r); r;
        def recurse(f; cond): def r: ., (f | select(cond) | r); r;
        def recurse: recurse(.[]?);
        def recurse_down: recurse;
        def map(f): [.[] | f];
        def map_values(f): .[] |= f;
        def to_entries: [keys_unsorted[] as $k | {key: $k, value: .[$k]}];
        def from_entries: map({(.key // null): (if has("value") then .value else .v end)}) | add + {} // {};
        def with_entries(f): to_entries | map(f) | from_entries;
        def values: select(. != null);
        def nulls: select(. == null);
        def booleans: select(type == "boolean");
        def numbers: select(type == "number");
        def strings: select(type == "string");
        def arrays: select(type == "array");
        def objects: select(type == "object");
        def iterables: select(type|. == "array" or . == "object");
        def scalars: select(type|. != "array" and . != "object");
        def paths: path(..) | select(length > 0);
        def paths(node_filter): . as $dot | paths | select(. as $p | $dot | getpath($p) | node_filter);
        def leaf_paths: paths(scalars);
        def del(f): delpaths([path(f)]);
        def isempty(g): first((g|false), true);
        def any: reduce .[] as $x (false; . or $x);
        def all: reduce .[] as $x (true; . and $x);
        def any(f): reduce (.[] | f) as $x (false; . or $x);
        def all(f): reduce (.[] | f) as $x (true; . and $x);
        def any(g; cond): isempty(first(g | cond | select(.))) | not;
        def all(g; cond): isempty(first(g | cond | select(. | not)));
        def in(xs): . as $x | xs | has($x);
        def inside(xs): . as $x | xs | contains($x);
        def range($x): range(0; $x);
        def range($from; $upto; $by): if $by > 0 then $from | while(. < $upto; . + $by) elif $by < 0 then $from | while(. > $upto; . + $by) else empty end;
        def while(cond; update): def _w: if cond then ., (update | _w) else empty end; _w;
        def until(cond; update): def _u: if cond then . else (update | _u) end; _u;
        def first(f): label $__first | (f | ., break $__first);
        def first: .[0];
        def last: .[-1];
        def last(f): reduce f as $x (null; $x);
        def nth($n): .[$n];
        def nth($n; f): if $n < 0 then error("Out of bounds negative array index") else last(limit($n + 1; f)) end;
        def todateiso8601: strftime("%Y-%m-%dT%H:%M:%SZ");
        def fromdateiso8601: strptime("%Y-%m-%dT%H:%M:%SZ") | mktime;
        def todate: todateiso8601;
        def fromdate: fromdateiso8601;
        def date: todate;
        def dateadd(u; n): . + n;
        def datesub(u; n): . - n;
        def finites: select(isinfinite or isnan | not);
        def normals: select(isnormal);
        def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $w | [$x] + $w end;
        def combinations(n): . as $dot | [range(n)] | map($dot) | combinations;
        def walk(f): . as $in | if type == "object" then reduce keys_unsorted[] as $key ( {}; . + { ($key): ($in[$key] | walk(f)) } ) | f elif type == "array" then map( walk(f) ) | f else f end;
        def join($x): reduce .[] as $i (null; (if . == null then "" else . + $x end) + ($i | if type == "boolean" or type == "number" then tojson elif . == null then "" else . end)) // "";
        def index($i): indices($i) | .[0];
        def rindex($i): indices($i) | .[-1:][0];
        def unique_by(f): [group_by(f)[] | .[0]];
        def add: reduce .[] as $x (null; . + $x);
        def IN(s): any(s == .; .);
        def IN(src; s): any(src == s; .);
        def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | tostring] |= $row);
        def INDEX(idx_expr): INDEX(.[]; idx_expr);
        def transpose: if . == [] then [] else . as $in | (map(length) | max) as $max | [range(0; $max) as $j | [range(0; $in | length) as $i | $in[$i][$j]]] end;
        def tostream: path(def r: (.[]? | r), .; r) as $p | getpath($p) | reduce path(.[]?) as $q ([$p, .]; [$p + $q]);
        def fromstream(f): { x: null, e: false } as $init | foreach f as $i ($init; if .e then $init else . end | if $i | length == 2 then setpath(["e"]; $i[0] | length == 0) | setpath(["x"] + $i[0]; $i[1]) else setpath(["e"]; $i[0] | length == 1) end; if .e then .x else empty end);
        def truncate_stream(stream): . as $n | null | stream | . as $input | if (.[0] | length) > $n then setpath([0]; .[0][$n:]) else empty end;
        def capture(re): capture(re; null);
        def capture(re; mods): match(re; mods) | reduce (.captures | .[] | select(.name != null) | { key: .name, value: .string }) as $pair ({}; . + {($pair.key): $pair.value});
        def scan(re): scan(re; null);
        def scan(re; $flags): match(re; "g" + ($flags // "")) | if (.captures | length > 0) then [ .captures | .[] | .string ] else .string end;
        def test(re): test(re; null);
        def match(re): match(re; null);
        def splits($re): splits($re; null);
        def splits($re; flags): split($re; flags) | .[];
        def sub(re; str): sub(re; str; "");
        def gsub(re; str): sub(re; str; "g");
        def gsub(re; str; flags): sub(re; str; flags + "g");
        def todate(f): strftime(f);
        def localtime: gmtime;
        def strflocaltime(f): strftime(f);
        def halt_error: halt_error(5);
        def error: error(.);
        def finites: select(isinfinite or isnan | not);
        def get_search_list: [];
        def flatten: flatten(1e9);
        def min_by(f): _min_by(map([f]));
        def max_by(f): _max_by(map([f]));
        def sort_by(f): _sort_by(map([f]));
        def group_by(f): _group_by(map([f]));
        """;

    private static readonly Env? Prelude = BuildPrelude();

    private static Env? BuildPrelude()
    {
        Env? env = null;
        var closures = new List<Closure>();
        foreach (var def in JqParser.ParseDefinitions(PreludeSource))
        {
            var closure = new Closure(def, null);
            env = Env.BindFunction(env, closure);
            closures.Add(closure);
        }
        // Builtins see one another whatever their order.
        foreach (var closure in closures) closure.Env = env;
        return env;
    }

    public static IEnumerable<string> PreludeNames()
    {
        for (var env = Prelude; env is not null; env = env.Parent) yield return env.Name;
    }

    /// <summary>Names of the native builtins ("name/arity"), for the compile-time check and `builtins`.</summary>
    public static readonly HashSet<string> NativeNames = new(StringComparer.Ordinal)
    {
        "empty/0", "env/0", "error/1", "path/1", "getpath/1", "setpath/2", "delpaths/1", "length/0", "utf8bytelength/0",
        "keys/0", "keys_unsorted/0", "has/1", "contains/1", "type/0", "tostring/0", "tonumber/0", "tojson/0", "fromjson/0",
        "infinite/0", "nan/0", "isinfinite/0", "isnan/0", "isnormal/0", "not/0", "sort/0", "_sort_by/1", "_group_by/1",
        "_min_by/1", "_max_by/1", "min/0", "max/0", "unique/0", "reverse/0", "flatten/1", "range/2", "floor/0", "ceil/0",
        "round/0", "sqrt/0", "fabs/0", "log/0", "log10/0", "log2/0", "exp/0", "exp2/0", "exp10/0", "pow/2", "pow10/0",
        "trunc/0", "significand/0", "cbrt/0", "sin/0", "cos/0", "tan/0", "asin/0", "acos/0", "atan/0", "sinh/0", "cosh/0",
        "tanh/0", "atan2/2", "fmin/2", "fmax/2", "fmod/2", "logb/0", "gamma/0", "lgamma/0", "tgamma/0", "nearbyint/0",
        "rint/0", "ascii_downcase/0", "ascii_upcase/0", "explode/0", "implode/0", "split/1", "split/2", "ltrimstr/1",
        "rtrimstr/1", "startswith/1", "endswith/1", "test/2", "match/2", "sub/3", "indices/1", "limit/2", "repeat/1",
        "input/0", "inputs/0", "debug/0", "stderr/0", "input_line_number/0", "input_filename/0", "halt/0", "halt_error/1",
        "now/0", "mktime/0", "gmtime/0", "strftime/1", "strptime/1", "builtins/0", "tojson/0", "getpath/1",
        "min_by/1", "max_by/1", "ltrimstr/1", "modulemeta/0", "$__loc__/0",
    };

    private static JqException NumberRequired(object? value, string name) => new($"{JqValues.Describe(value)} number required");

    private static IEnumerable<Pv> One(object? value) => [new Pv(value, null)];

    private IEnumerable<Pv> CallNative(CallAst call, Env? env, Pv input)
    {
        var args = call.Args;
        var name = call.Name + "/" + args.Count;
        // Natives that pass paths through or take filters (not values) as arguments.
        switch (name)
        {
            case "empty/0":
                return [];
            case "path/1":
                return NotPath(input, PathOf(args[0], env, input.Value));
            case "getpath/1":
                return GetPathNative(args[0], env, input);
            case "limit/2":
                return Limit(args, env, input);
            case "repeat/1":
                return Repeat(args[0], env, input);
            case "error/1":
                return ErrorNative(args[0], env, input.Value);
            case "input/0":
                return NotPath(input, InputNative());
            case "inputs/0":
                return NotPath(input, InputsNative());
            case "debug/0":
                _host.WriteStderr("[\"DEBUG:\"," + JqValues.ToJson(input.Value) + "]\n");
                return [input];
            case "stderr/0":
                _host.WriteStderr(JqValues.ToJson(input.Value));
                return [input];
            case "sub/3":
                return NotPath(input, SubNative(args, env, input.Value));
            case "builtins/0":
                return NotPath(input, One(BuiltinList()));
            case "range/2":
                return NotPath(input, CallRange(args, env, input.Value));
            case "match/2":
                return NotPath(input, MatchNative(args, env, input.Value));
            case "input_line_number/0":
                return NotPath(input, One((double)_host.CurrentLine));
            case "env/0":
                return NotPath(input, One(_environment));
            case "input_filename/0":
                return NotPath(input, One(_host.CurrentFilename));
        }
        if (input.Tracking) return NotPath(input, CallNative(call, env, input.Untracked));
        return CallValueNative(name, args, env, input.Value);
    }

    private IEnumerable<Pv> CallValueNative(string name, IReadOnlyList<Ast> args, Env? env, object? input)
    {
        switch (args.Count)
        {
            case 0:
                yield return new Pv(Native0(name, input), null);
                break;
            case 1:
                foreach (var a in Values(args[0], env, input)) yield return new Pv(Native1(name, input, a), null);
                break;
            case 2:
                foreach (var b in Values(args[1], env, input))
                {
                    foreach (var a in Values(args[0], env, input)) yield return new Pv(Native2(name, input, a, b), null);
                }
                break;
            default:
                throw new JqException($"{name} is not defined");
        }
    }

    private IEnumerable<Pv> PathOf(Ast f, Env? env, object? input)
    {
        foreach (var path in Paths(f, env, input)) yield return new Pv(path, null);
    }

    private IEnumerable<Pv> GetPathNative(Ast arg, Env? env, Pv input)
    {
        foreach (var p in Values(arg, env, input.Value))
        {
            if (p is not List<object?> path) throw new JqException("Path must be specified as an array");
            var value = JqPaths.GetPath(input.Value, path);
            yield return new Pv(value, input.Path is null ? null : PathNode.FromList(input.Path, path));
        }
    }

    private IEnumerable<Pv> Limit(IReadOnlyList<Ast> args, Env? env, Pv input)
    {
        foreach (var n in Values(args[0], env, input.Value))
        {
            if (n is not double limit) throw new JqException("Invalid limit: must be a number");
            var count = 0;
            foreach (var item in Eval(args[1], env, input))
            {
                yield return item;
                count++;
                // jq 1.6 checks the count after emitting, so limit(0; f) still yields one output.
                if (count >= limit) break;
            }
        }
    }

    private IEnumerable<Pv> Repeat(Ast f, Env? env, Pv input)
    {
        // jq 1.6's repeat applies f to its original input each time.
        while (true)
        {
            foreach (var item in Eval(f, env, input)) yield return item;
        }
    }

    private IEnumerable<Pv> ErrorNative(Ast arg, Env? env, object? input)
    {
        foreach (var message in Values(arg, env, input))
        {
            // jq 1.6 treats error(null) as a plain backtrack, like empty.
            if (message is null) continue;
            throw new JqException(message);
        }
        yield break;
    }

    private IEnumerable<Pv> InputNative()
    {
        if (!_host.TryReadInput(out var value)) throw new JqException("break");
        yield return new Pv(value, null);
    }

    private IEnumerable<Pv> InputsNative()
    {
        while (_host.TryReadInput(out var value)) yield return new Pv(value, null);
    }

    private static List<object?> BuiltinList()
    {
        var names = new List<object?>();
        foreach (var name in NativeNames) if (!name.StartsWith('_') && !name.StartsWith('$')) names.Add(name);
        for (var env = Prelude; env is not null; env = env.Parent)
        {
            if (!env.Name.StartsWith('_') && !names.Contains(env.Name)) names.Add(env.Name);
        }
        return names;
    }

    // ---------------------------------------------------------------- value natives

    private static double Num(object? value, string name) => value is double d ? d : throw NumberRequired(value, name);

    private static object? Native0(string name, object? input)
    {
        switch (name)
        {
            case "length/0":
                return input switch
                {
                    null => 0.0,
                    bool => throw new JqException($"{JqValues.Describe(input)} has no length"),
                    double d => Math.Abs(d),
                    string s => (double)JqOperators.ToCodepoints(s).Count,
                    List<object?> a => (double)a.Count,
                    OrderedDictionary<string, object?> o => (double)o.Count,
                    _ => 0.0,
                };
            case "utf8bytelength/0":
                if (input is not string str) throw new JqException($"{JqValues.Describe(input)} only strings have UTF-8 byte length");
                return (double)Encoding.UTF8.GetByteCount(str);
            case "not/0":
                return !JqValues.IsTruthy(input);
            case "keys/0":
            case "keys_unsorted/0":
                switch (input)
                {
                    case OrderedDictionary<string, object?> o:
                        return (name == "keys/0" ? JqValues.SortedKeys(o) : o.Keys.ToList()).Select(k => (object?)k).ToList();
                    case List<object?> a:
                        return Enumerable.Range(0, a.Count).Select(i => (object?)(double)i).ToList();
                    default:
                        throw new JqException($"{JqValues.Describe(input)} has no keys");
                }
            case "type/0":
                return JqValues.TypeName(input);
            case "tostring/0":
                return JqValues.ToText(input);
            case "tojson/0":
                return JqValues.ToJson(input);
            case "fromjson/0":
                if (input is not string text) throw new JqException($"{JqValues.Describe(input)} only strings can be parsed");
                return ParseJsonText(text);
            case "tonumber/0":
                switch (input)
                {
                    case double:
                        return input;
                    case string s:
                        {
                            var parsed = ParseJsonText(s);
                            if (parsed is double) return parsed;
                            throw new JqException($"{JqValues.Describe(input)} cannot be parsed as a number");
                        }
                    default:
                        throw new JqException($"{JqValues.Describe(input)} cannot be parsed as a number");
                }
            case "infinite/0": return double.PositiveInfinity;
            case "nan/0": return double.NaN;
            case "isinfinite/0": return double.IsInfinity(Num(input, name));
            case "isnan/0": return double.IsNaN(Num(input, name));
            case "isnormal/0": return double.IsNormal(Num(input, name));
            case "sort/0":
                {
                    if (input is not List<object?> list) throw new JqException($"{JqValues.Describe(input)} cannot be sorted, as it is not an array");
                    return StableSort(list, list);
                }
            case "min/0":
            case "max/0":
                {
                    if (input is not List<object?> list) throw new JqException($"{JqValues.Describe(input)} cannot be sorted, as it is not an array");
                    return Extreme(list, list, name == "max/0");
                }
            case "unique/0":
                {
                    if (input is not List<object?> list) throw new JqException($"{JqValues.Describe(input)} cannot be sorted, as it is not an array");
                    var sorted = StableSort(list, list);
                    var result = new List<object?>();
                    foreach (var item in sorted)
                    {
                        if (result.Count == 0 || JqValues.Compare(result[^1], item) != 0) result.Add(item);
                    }
                    return result;
                }
            case "reverse/0":
                switch (input)
                {
                    case null: return new List<object?>();
                    case List<object?> list:
                        {
                            var copy = new List<object?>(list);
                            copy.Reverse();
                            return copy;
                        }
                    case string s when s.Length == 0:
                        return new List<object?>();
                    default:
                        throw new JqException($"Cannot index {JqValues.TypeName(input)} with number");
                }
            case "ascii_downcase/0":
            case "ascii_upcase/0":
                {
                    if (input is not string s) throw new JqException("explode input must be a string");
                    var chars = s.ToCharArray();
                    for (var i = 0; i < chars.Length; i++)
                    {
                        if (name == "ascii_downcase/0" && chars[i] is >= 'A' and <= 'Z') chars[i] = (char)(chars[i] + 32);
                        if (name == "ascii_upcase/0" && chars[i] is >= 'a' and <= 'z') chars[i] = (char)(chars[i] - 32);
                    }
                    return new string(chars);
                }
            case "explode/0":
                if (input is not string e) throw new JqException($"{JqValues.Describe(input)} cannot be exploded, as it is not a string");
                return JqOperators.ToCodepoints(e).Select(c => (object?)(double)c).ToList();
            case "implode/0":
                {
                    if (input is not List<object?> codes) throw new JqException("Implode input must be an array");
                    var builder = new StringBuilder();
                    foreach (var code in codes)
                    {
                        if (code is not double d) throw new JqException("Unicode codepoint must be numeric");
                        var cp = (int)d;
                        if (cp is < 0 or > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
                        builder.Append(char.ConvertFromUtf32(cp));
                    }
                    return builder.ToString();
                }
            case "now/0":
                return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
            case "mktime/0":
                return JqDates.MakeTime(input);
            case "gmtime/0":
                return JqDates.GmTime(input);
            case "input_line_number/0":
                return 0.0;
            case "halt/0":
                throw new HaltException(0, null, false);
            case "modulemeta/0":
                throw new JqException("modulemeta input module not loaded");
            case "splits/0":
                return input;
            case "input_filename/0":
                return null;
        }
        var x = Num(input, name);
        return name switch
        {
            "floor/0" => Math.Floor(x),
            "ceil/0" => Math.Ceiling(x),
            "round/0" => Math.Round(x, MidpointRounding.AwayFromZero),
            "sqrt/0" => Math.Sqrt(x),
            "fabs/0" => Math.Abs(x),
            "log/0" => Math.Log(x),
            "log10/0" => Math.Log10(x),
            "log2/0" => Math.Log2(x),
            "exp/0" => Math.Exp(x),
            "exp2/0" => Math.Pow(2, x),
            "exp10/0" or "pow10/0" => Math.Pow(10, x),
            "trunc/0" => Math.Truncate(x),
            "nearbyint/0" or "rint/0" => Math.Round(x, MidpointRounding.ToEven),
            "significand/0" => Significand(x),
            "logb/0" => Math.Floor(Math.Log2(Math.Abs(x))),
            "cbrt/0" => Math.Cbrt(x),
            "sin/0" => Math.Sin(x),
            "cos/0" => Math.Cos(x),
            "tan/0" => Math.Tan(x),
            "asin/0" => Math.Asin(x),
            "acos/0" => Math.Acos(x),
            "atan/0" => Math.Atan(x),
            "sinh/0" => Math.Sinh(x),
            "cosh/0" => Math.Cosh(x),
            "tanh/0" => Math.Tanh(x),
            "gamma/0" or "lgamma/0" => LogGamma(x),
            "tgamma/0" => Math.Exp(LogGamma(x)),
            _ => throw new JqException($"{name} is not defined"),
        };
    }

    private static double Significand(double x)
    {
        if (x == 0 || double.IsInfinity(x) || double.IsNaN(x)) return x;
        var exponent = Math.Floor(Math.Log2(Math.Abs(x)));
        return x / Math.Pow(2, exponent);
    }

    private static double LogGamma(double x)
    {
        // Lanczos approximation.
        double[] g = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var a = 0.99999999999980993;
        var t = x + 7.5;
        for (var i = 0; i < 8; i++) a += g[i] / (x + i + 1);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }

    private static object? ParseJsonText(string text)
    {
        try
        {
            var reader = new JqJsonReader(text);
            if (!reader.TryRead(out var value)) return null;
            return value;
        }
        catch (JqParseException error)
        {
            throw new JqException($"{error.Message} (while parsing '{text}')");
        }
    }

    private static List<object?> StableSort(List<object?> items, List<object?> keys)
    {
        var order = Enumerable.Range(0, items.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = JqValues.Compare(keys[a], keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order.Select(i => items[i]).ToList();
    }

    private static object? Extreme(List<object?> items, List<object?> keys, bool max)
    {
        if (items.Count == 0) return null;
        var best = 0;
        for (var i = 1; i < items.Count; i++)
        {
            var c = JqValues.Compare(keys[i], keys[best]);
            if (max ? c >= 0 : c < 0) best = i;
        }
        return items[best];
    }

    private static object? Native1(string name, object? input, object? a)
    {
        switch (name)
        {
            case "has/1":
                return input switch
                {
                    OrderedDictionary<string, object?> o when a is string k => o.ContainsKey(k),
                    List<object?> l when a is double d => d >= 0 && d < l.Count,
                    _ => throw new JqException($"Cannot check whether {JqValues.TypeName(input)} has a {JqValues.TypeName(a)} key"),
                };
            case "contains/1":
                if (JqValues.TypeName(input) != JqValues.TypeName(a))
                {
                    throw new JqException($"{JqValues.Describe(input)} and {JqValues.Describe(a)} cannot have their containment checked");
                }
                return Contains(input, a);
            case "setpath/2":
                break;
            case "delpaths/1":
                {
                    if (a is not List<object?> paths) throw new JqException("Paths must be specified as an array");
                    var list = new List<List<object?>>();
                    foreach (var p in paths)
                    {
                        if (p is not List<object?> path) throw new JqException("Path must be specified as an array");
                        list.Add(path);
                    }
                    return JqPaths.DeletePaths(input, list);
                }
            case "_sort_by/1":
            case "_group_by/1":
            case "_min_by/1":
            case "_max_by/1":
                {
                    if (input is not List<object?> list) throw new JqException($"{JqValues.Describe(input)} cannot be sorted, as it is not an array");
                    var keys = (List<object?>)a!;
                    if (name == "_min_by/1" || name == "_max_by/1") return Extreme(list, keys, name == "_max_by/1");
                    var order = Enumerable.Range(0, list.Count).ToArray();
                    Array.Sort(order, (x, y) =>
                    {
                        var c = JqValues.Compare(keys[x], keys[y]);
                        return c != 0 ? c : x.CompareTo(y);
                    });
                    if (name == "_sort_by/1") return order.Select(i => list[i]).ToList();
                    var groups = new List<object?>();
                    List<object?>? current = null;
                    object? currentKey = null;
                    foreach (var i in order)
                    {
                        if (current is null || JqValues.Compare(currentKey, keys[i]) != 0)
                        {
                            current = [];
                            currentKey = keys[i];
                            groups.Add(current);
                        }
                        current.Add(list[i]);
                    }
                    return groups;
                }
            case "flatten/1":
                {
                    if (a is not double depth) throw new JqException("flatten depth must not be negative");
                    if (depth < 0) throw new JqException("flatten depth must not be negative");
                    if (input is not List<object?> list) throw new JqException($"Cannot iterate over {JqValues.Describe(input)}");
                    var result = new List<object?>();
                    Flatten(list, depth, result);
                    return result;
                }
            case "split/1":
                if (input is not string s || a is not string sep) throw new JqException("split input and separator must be strings");
                return JqOperators.Split(s, sep);
            case "ltrimstr/1":
                return input is string ls && a is string prefix && ls.StartsWith(prefix, StringComparison.Ordinal) ? ls[prefix.Length..] : input;
            case "rtrimstr/1":
                return input is string rs && a is string suffix && rs.EndsWith(suffix, StringComparison.Ordinal) && rs.Length > 0 ? rs[..^suffix.Length] : input;
            case "startswith/1":
                if (input is not string ss || a is not string sp) throw new JqException("startswith() requires string inputs");
                return ss.StartsWith(sp, StringComparison.Ordinal);
            case "endswith/1":
                if (input is not string es || a is not string ep) throw new JqException("endswith() requires string inputs");
                return es.EndsWith(ep, StringComparison.Ordinal);
            case "indices/1":
                return input switch
                {
                    null => null,
                    string s2 when a is string needle => StringIndices(s2, needle),
                    List<object?> l when a is List<object?> sub => JqOperators.Indices(l, sub),
                    List<object?> l => JqOperators.Indices(l, [a]),
                    _ => JqOperators.Index(input, a is List<object?> ? a : new List<object?> { a }),
                };
            case "strftime/1":
                if (a is not string format) throw new JqException("strftime/1 requires a string format");
                return JqDates.StrFTime(input, format);
            case "strptime/1":
                if (input is not string text || a is not string pattern) throw new JqException("strptime/1 requires string inputs and arguments");
                return JqDates.StrPTime(text, pattern);
            case "halt_error/1":
                if (a is not double status) throw new JqException("halt_error/1: number required");
                throw new HaltException((int)status, input, true);
        }
        throw new JqException($"{name} is not defined");
    }

    private static void Flatten(List<object?> list, double depth, List<object?> result)
    {
        foreach (var item in list)
        {
            if (item is List<object?> inner && depth > 0) Flatten(inner, depth - 1, result);
            else result.Add(item);
        }
    }

    private static object? StringIndices(string haystack, string needle)
    {
        // jq 1.6 reports byte offsets into the UTF-8 text.
        var result = new List<object?>();
        if (needle.Length == 0) return null;
        var hay = Encoding.UTF8.GetBytes(haystack);
        var pin = Encoding.UTF8.GetBytes(needle);
        for (var i = 0; i + pin.Length <= hay.Length; i++)
        {
            if (hay.AsSpan(i, pin.Length).SequenceEqual(pin)) result.Add((double)i);
        }
        return result;
    }

    private static bool Contains(object? a, object? b)
    {
        switch (a)
        {
            case OrderedDictionary<string, object?> oa when b is OrderedDictionary<string, object?> ob:
                foreach (var (key, value) in ob)
                {
                    if (!oa.TryGetValue(key, out var mine)) return false;
                    if (JqValues.TypeName(mine) != JqValues.TypeName(value)) throw new JqException($"{JqValues.Describe(mine)} and {JqValues.Describe(value)} cannot have their containment checked");
                    if (!Contains(mine, value)) return false;
                }
                return true;
            case List<object?> la when b is List<object?> lb:
                return lb.All(y => la.Any(x => JqValues.TypeName(x) == JqValues.TypeName(y) && Contains(x, y)));
            case string sa when b is string sb:
                return sa.Contains(sb, StringComparison.Ordinal);
            default:
                return JqValues.Compare(a, b) == 0;
        }
    }

    private object? Native2(string name, object? input, object? a, object? b)
    {
        switch (name)
        {
            case "setpath/2":
                if (a is not List<object?> path) throw new JqException("Path must be specified as an array");
                return JqPaths.SetPath(input, path, 0, b);
            case "range/2":
                throw new InvalidOperationException("range is a generator");
            case "test/2":
                return Regexes.Match(input, a, b, testOnly: true).Count > 0;
            case "split/2":
                {
                    if (input is not string s) throw new JqException($"{JqValues.Describe(input)} cannot be matched, as it is not a string");
                    var matches = Regexes.Match(input, a, (b as string ?? "") + "g", testOnly: false);
                    var result = new List<object?>();
                    var previous = 0;
                    var codepoints = JqOperators.ToCodepoints(s);
                    foreach (OrderedDictionary<string, object?> m in matches.Cast<OrderedDictionary<string, object?>>())
                    {
                        var offset = (int)(double)m["offset"]!;
                        result.Add(Substring(codepoints, previous, offset));
                        previous = offset + (int)(double)m["length"]!;
                    }
                    result.Add(Substring(codepoints, previous, codepoints.Count));
                    return result;
                }
        }
        var p = Num(a, name);
        var q = Num(b, name);
        return name switch
        {
            "pow/2" => Math.Pow(p, q),
            "atan2/2" => Math.Atan2(p, q),
            "fmin/2" => Math.Min(p, q),
            "fmax/2" => Math.Max(p, q),
            "fmod/2" => p % q,
            _ => throw new JqException($"{name} is not defined"),
        };
    }

    private static string Substring(List<int> codepoints, int start, int end)
    {
        var builder = new StringBuilder();
        for (var i = start; i < end && i < codepoints.Count; i++) builder.Append(char.ConvertFromUtf32(codepoints[i]));
        return builder.ToString();
    }

    private IEnumerable<Pv> CallRange(IReadOnlyList<Ast> args, Env? env, object? input)
    {
        foreach (var from in Values(args[0], env, input))
        {
            foreach (var upto in Values(args[1], env, input))
            {
                if (from is not double f || upto is not double u) throw new JqException("Range bounds must be numeric");
                for (var i = f; i < u; i++) yield return new Pv(i, null);
            }
        }
    }

    private IEnumerable<Pv> MatchNative(IReadOnlyList<Ast> args, Env? env, object? input)
    {
        foreach (var flags in Values(args[1], env, input))
        {
            foreach (var re in Values(args[0], env, input))
            {
                foreach (var match in Regexes.Match(input, re, flags, testOnly: false)) yield return new Pv(match, null);
            }
        }
    }

    private IEnumerable<Pv> SubNative(IReadOnlyList<Ast> args, Env? env, object? input)
    {
        foreach (var flags in Values(args[2], env, input))
        {
            foreach (var re in Values(args[0], env, input))
            {
                if (input is not string s) throw new JqException($"{JqValues.Describe(input)} cannot be matched, as it is not a string");
                var matches = Regexes.Match(input, re, flags, testOnly: false).Cast<OrderedDictionary<string, object?>>().ToList();
                var codepoints = JqOperators.ToCodepoints(s);
                foreach (var result in Substitute(matches, 0, 0, codepoints, args[1], env, new StringBuilder())) yield return new Pv(result, null);
            }
        }
    }

    private IEnumerable<string> Substitute(List<OrderedDictionary<string, object?>> matches, int index, int previous, List<int> codepoints, Ast replacement, Env? env, StringBuilder soFar)
    {
        if (index == matches.Count)
        {
            yield return soFar + Substring(codepoints, previous, codepoints.Count);
            yield break;
        }
        var match = matches[index];
        var offset = (int)(double)match["offset"]!;
        var length = (int)(double)match["length"]!;
        var captures = JqValues.NewObject();
        foreach (var capture in (List<object?>)match["captures"]!)
        {
            var c = (OrderedDictionary<string, object?>)capture!;
            if (c["name"] is string captureName) captures[captureName] = c["string"];
        }
        foreach (var text in Values(replacement, env, captures))
        {
            if (text is not string replacementText) throw new JqException($"{JqValues.Describe(captures)} and {JqValues.Describe(text)} cannot be added");
            var next = new StringBuilder(soFar.ToString());
            next.Append(Substring(codepoints, previous, offset)).Append(replacementText);
            foreach (var result in Substitute(matches, index + 1, offset + length, codepoints, replacement, env, next)) yield return result;
        }
    }

    /// <summary>Oniguruma-style matching on .NET regular expressions, offsets in code points.</summary>
    private static class Regexes
    {
        public static List<object?> Match(object? input, object? re, object? flags, bool testOnly)
        {
            if (input is not string text) throw new JqException($"{JqValues.Describe(input)} cannot be matched, as it is not a string");
            if (re is not string pattern) throw new JqException($"{JqValues.Describe(re)} cannot be matched, as it is not a string");
            if (flags is not (null or string)) throw new JqException($"{JqValues.Describe(flags)} is not a string");
            var options = RegexOptions.None;
            var global = false;
            var skipEmpty = false;
            foreach (var flag in (string?)flags ?? "")
            {
                switch (flag)
                {
                    case 'g': global = true; break;
                    case 'i': options |= RegexOptions.IgnoreCase; break;
                    case 'x': options |= RegexOptions.IgnorePatternWhitespace; break;
                    case 's': options |= RegexOptions.Singleline; break;
                    case 'n': skipEmpty = true; break;
                    case 'p': options |= RegexOptions.Singleline; skipEmpty = true; break;
                    case 'l': break;
                    default: throw new JqException($"{flags} is not a valid modifier string");
                }
            }
            Regex regex;
            try
            {
                regex = new Regex(pattern, options);
            }
            catch (ArgumentException error)
            {
                throw new JqException($"{pattern} (at offset 0) is not a valid regex: {error.Message}");
            }
            var results = new List<object?>();
            var names = regex.GetGroupNames();
            var position = 0;
            while (position <= text.Length)
            {
                var m = regex.Match(text, position);
                if (!m.Success) break;
                if (!(skipEmpty && m.Length == 0))
                {
                    results.Add(testOnly ? null : Describe(text, m, regex, names));
                    if (testOnly) return results;
                }
                if (!global) break;
                position = m.Length == 0 ? m.Index + 1 : m.Index + m.Length;
            }
            return results;
        }

        private static int CodepointIndex(string text, int utf16Index)
        {
            var count = 0;
            for (var i = 0; i < utf16Index && i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                count++;
            }
            return count;
        }

        private static OrderedDictionary<string, object?> Describe(string text, System.Text.RegularExpressions.Match m, Regex regex, string[] names)
        {
            var result = JqValues.NewObject();
            result["offset"] = (double)CodepointIndex(text, m.Index);
            result["length"] = (double)(CodepointIndex(text, m.Index + m.Length) - CodepointIndex(text, m.Index));
            result["string"] = m.Value;
            var captures = new List<object?>();
            for (var g = 1; g < m.Groups.Count; g++)
            {
                var group = m.Groups[g];
                var groupName = regex.GroupNameFromNumber(g);
                var capture = JqValues.NewObject();
                if (group.Success)
                {
                    capture["offset"] = (double)CodepointIndex(text, group.Index);
                    capture["length"] = (double)(CodepointIndex(text, group.Index + group.Length) - CodepointIndex(text, group.Index));
                    capture["string"] = group.Value;
                }
                else
                {
                    capture["offset"] = -1.0;
                    capture["string"] = null;
                    capture["length"] = 0.0;
                }
                capture["name"] = int.TryParse(groupName, out _) ? null : groupName;
                captures.Add(capture);
            }
            _ = names;
            result["captures"] = captures;
            return result;
        }
    }
}
