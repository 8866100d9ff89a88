using Mirage.Shell.Expansion;

namespace Mirage.Shell.Tests;

public sealed class ArithmeticTests
{
    private sealed class Variables : IArithmeticVariables
    {
        public Dictionary<string, string> Values { get; } = [];

        public bool NoUnset { get; set; }

        public string? GetValue(string name, string? subscript) => Values.GetValueOrDefault(subscript is null ? name : $"{name}[{subscript}]");

        public void SetValue(string name, string? subscript, long value) =>
            Values[subscript is null ? name : $"{name}[{subscript}]"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("1+2*3", 7)]
    [InlineData("2**3**2", 512)]
    [InlineData("-2**2", 4)]
    [InlineData("7%-3", 1)]
    [InlineData("9223372036854775807+1", long.MinValue)]
    [InlineData("0x1f + 017 + 2#101", 51)]
    [InlineData("64#_", 63)]
    [InlineData("1 ? 2 : 3", 2)]
    [InlineData("0 && 1/0", 0)]
    [InlineData("(1, 2, 3)", 3)]
    [InlineData("~0", -1)]
    [InlineData("1 << 62 >> 61", 2)]
    [InlineData("", 0)]
    public void Evaluates_like_bash(string expression, long expected) =>
        Assert.Equal(expected, Arithmetic.Evaluate(expression, new Variables()));

    [Fact]
    public void Assignments_and_increments_write_variables()
    {
        var variables = new Variables();
        Assert.Equal(5, Arithmetic.Evaluate("x = 5", variables));
        Assert.Equal(5, Arithmetic.Evaluate("x++", variables));
        Assert.Equal(7, Arithmetic.Evaluate("++x", variables));
        Assert.Equal(21, Arithmetic.Evaluate("x *= 3", variables));
        Assert.Equal("21", variables.Values["x"]);
    }

    [Fact]
    public void Variable_text_is_evaluated_recursively()
    {
        var variables = new Variables();
        variables.Values["a"] = "b+1";
        variables.Values["b"] = "4";
        Assert.Equal(10, Arithmetic.Evaluate("a*2", variables));
    }

    [Theory]
    [InlineData("1/0", "1/0: division by 0 (error token is \"0\")")]
    [InlineData("1+", "1+: syntax error: operand expected (error token is \"+\")")]
    [InlineData("08", "08: value too great for base (error token is \"08\")")]
    [InlineData("a b", "a b: syntax error in expression (error token is \"b\")")]
    [InlineData("1=2", "1=2: attempted assignment to non-variable (error token is \"=2\")")]
    [InlineData("2**-1", "2**-1: exponent less than 0 (error token is \"1\")")]
    public void Errors_read_like_bash(string expression, string message)
    {
        var error = Assert.Throws<Expansion.ArithmeticException>(() => Arithmetic.Evaluate(expression, new Variables()));
        Assert.Equal(message, error.Message);
    }
}

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("*.txt", "a.txt", true)]
    [InlineData("*.txt", "a.txt.bak", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[!a-c]x", "bx", false)]
    [InlineData("[^a-c]x", "dx", true)]
    [InlineData("[[:digit:]][[:alpha:]]", "1z", true)]
    [InlineData("\\*", "*", true)]
    [InlineData("\\*", "x", false)]
    [InlineData("@(foo|bar).c", "bar.c", true)]
    [InlineData("!(*.o)", "main.c", true)]
    [InlineData("!(*.o)", "main.o", false)]
    [InlineData("+(ab)", "ababab", true)]
    [InlineData("*(ab)c", "c", true)]
    [InlineData("?(x)y", "xy", true)]
    [InlineData("**a**b**", "xxaxxbxx", true)]
    public void Matches_like_bash(string pattern, string text, bool expected) =>
        Assert.Equal(expected, GlobPattern.Compile(pattern).IsMatch(text));

    [Fact]
    public void Ignore_case_matches_either_case() =>
        Assert.True(GlobPattern.Compile("ABC*", ignoreCase: true).IsMatch("abcdef"));

    [Fact]
    public void Only_unescaped_characters_are_wildcards()
    {
        Assert.True(GlobPattern.HasGlobCharacters("a*"));
        Assert.False(GlobPattern.HasGlobCharacters("a\\*"));
        Assert.Equal("a*", GlobPattern.Unescape("a\\*"));
    }
}

public sealed class PrintfTests
{
    [Theory]
    [InlineData("%d|%5d|%-5d|%05d", new[] { "1", "2", "3", "4" }, "1|    2|3    |00004")]
    [InlineData("%x %X %o %#x", new[] { "255", "255", "8", "255" }, "ff FF 10 0xff")]
    [InlineData("%.2f %e %g", new[] { "3.14159", "12345.678", "0.0001" }, "3.14 1.234568e+04 0.0001")]
    [InlineData("%s,", new[] { "a", "b", "c" }, "a,b,c,")]
    [InlineData("[%*s]", new[] { "4", "x" }, "[   x]")]
    [InlineData("%q", new[] { "a b" }, "a\\ b")]
    [InlineData("%b", new[] { "a\\tb" }, "a\tb")]
    [InlineData("%c", new[] { "hello" }, "h")]
    [InlineData("%u", new[] { "-1" }, "18446744073709551615")]
    [InlineData("%d", new[] { "'A" }, "65")]
    public void Formats_like_bash(string format, string[] arguments, string expected)
    {
        var result = Printf.Format(format, arguments);
        Assert.Equal(expected, result.Output);
        Assert.Equal(0, result.Status);
    }

    [Fact]
    public void Invalid_numbers_report_and_fail()
    {
        var result = Printf.Format("%d\n", ["12x"]);
        Assert.Equal("12\n", result.Output);
        Assert.Equal(1, result.Status);
        Assert.Equal("12x: invalid number", Assert.Single(result.Errors));
    }
}

public sealed class VariableStoreTests
{
    [Fact]
    public void Locals_shadow_globals_until_their_frame_ends()
    {
        var store = new VariableStore();
        store.Set("x", "global");
        store.PushFrame();
        store.DeclareLocal("x");
        store.Set("x", "local");
        Assert.Equal("local", store.Get("x"));
        store.PopFrame();
        Assert.Equal("global", store.Get("x"));
    }

    [Fact]
    public void Sparse_arrays_keep_their_indices()
    {
        var store = new VariableStore();
        store.SetElement("a", "5", "five");
        store.SetElement("a", "2", "two");
        var variable = store.Find("a")!;
        Assert.Equal(["2", "5"], variable.Keys);
        Assert.Equal("five", store.GetElement(variable, "-1"));
    }

    [Fact]
    public void Read_only_variables_refuse_assignment()
    {
        var store = new VariableStore();
        store.Set("r", "1");
        store.Find("r")!.Attributes |= VariableAttributes.ReadOnly;
        Assert.Throws<ExpansionException>(() => store.Set("r", "2"));
        Assert.False(store.Unset("r"));
    }

    [Fact]
    public void Name_references_reach_their_target()
    {
        var store = new VariableStore();
        store.Set("target", "1");
        store.Set("ref", "target");
        store.Find("ref")!.Attributes |= VariableAttributes.NameReference;
        store.Set("ref", "2");
        Assert.Equal("2", store.Get("target"));
    }
}
