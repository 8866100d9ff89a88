using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.RegexTranslation;
using Mirage.Commands.Text.Shared;
using Mirage.Vfs;

namespace Mirage.Commands.Text.Grep;

/// <summary>GNU grep 3.8 (and egrep / fgrep, which preset the syntax).</summary>
public sealed class GrepCommand : GnuCommand
{
    private static readonly ArgParser OptionParser = new(
        "EFGPe:f:iyvwxcLlm:obHhnqsrRzZaA:B:C:TUVd:D:0123456789",
        "extended-regexp=E", "fixed-strings=F", "basic-regexp=G", "perl-regexp=P", "regexp=e", "file=f",
        "ignore-case=i", "no-ignore-case", "word-regexp=w", "line-regexp=x", "null-data=z", "no-messages=s",
        "invert-match=v", "version", "help", "max-count=m", "byte-offset=b", "line-number=n", "no-line-number",
        "line-buffered", "with-filename=H", "no-filename=h", "label:", "only-matching=o", "quiet=q", "silent=q",
        "binary-files:", "text=a", "directories=d", "devices=D", "recursive=r", "dereference-recursive=R",
        "include:", "exclude:", "exclude-from:", "exclude-dir:", "files-without-match=L", "files-with-matches=l",
        "count=c", "initial-tab=T", "null=Z", "before-context=B", "after-context=A", "context=C", "color::",
        "colour::", "group-separator:", "no-group-separator", "binary=U");

    private readonly char _presetMatcher;

    public GrepCommand(string name = "grep")
        : base(name)
    {
        _presetMatcher = name switch { "egrep" => 'E', "fgrep" => 'F', _ => '\0' };
    }

    protected override ArgParser Parser => OptionParser;

    protected override int UsageErrorStatus => 2;

    protected override string Package => "GNU grep";

    protected override string PackageVersion => "3.8";

    protected override string Help => $"Usage: {Name} [OPTION]... PATTERNS [FILE]...\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        if (_presetMatcher != '\0')
            await io.WriteStderrAsync($"{Name}: warning: {Name} is obsolescent; using grep -{_presetMatcher}\n").ConfigureAwait(false);
        var settings = new GrepSettings();
        var patterns = new List<string>();
        var havePatterns = false;
        var matchers = new HashSet<char>();
        if (_presetMatcher != '\0') matchers.Add(_presetMatcher);
        int? after = null, before = null, context = null;
        var digitContext = new StringBuilder();
        ParsedOption? previous = null;
        foreach (var option in arguments.Options)
        {
            var isDigit = option.Key.Length == 1 && char.IsAsciiDigit(option.Key[0]);
            if (isDigit)
            {
                // "-5" is -C 5; digits of one cluster add up ("-12").
                if (previous is null || !(previous.Key.Length == 1 && char.IsAsciiDigit(previous.Key[0]))) digitContext.Clear();
                digitContext.Append(option.Key);
                context = int.Parse(digitContext.ToString(), CultureInfo.InvariantCulture);
                previous = option;
                continue;
            }
            previous = option;
            switch (option.Key)
            {
                case "E" or "F" or "G" or "P":
                    matchers.Add(option.Key[0]);
                    break;
                case "e":
                    patterns.AddRange(option.Value!.Split('\n'));
                    havePatterns = true;
                    break;
                case "f":
                    {
                        var loaded = await LoadPatternFileAsync(io, option.Value!).ConfigureAwait(false);
                        if (loaded is null) return 2;
                        patterns.AddRange(loaded);
                        havePatterns = true;
                        break;
                    }
                case "i" or "y": settings.IgnoreCase = true; break;
                case "no-ignore-case": settings.IgnoreCase = false; break;
                case "v": settings.Invert = true; break;
                case "w": settings.WholeWords = true; break;
                case "x": settings.WholeLines = true; break;
                case "c": settings.Count = true; break;
                case "l": settings.ListMatching = true; settings.ListNonMatching = false; break;
                case "L": settings.ListNonMatching = true; settings.ListMatching = false; break;
                case "m":
                    if (!long.TryParse(option.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var max))
                    {
                        await io.ErrorAsync("invalid max count").ConfigureAwait(false);
                        return 2;
                    }
                    settings.MaxCount = max < 0 ? long.MaxValue : max;
                    break;
                case "o": settings.OnlyMatching = true; break;
                case "b": settings.ByteOffset = true; break;
                case "H": settings.WithFilename = true; break;
                case "h": settings.WithFilename = false; break;
                case "n": settings.LineNumbers = true; break;
                case "no-line-number": settings.LineNumbers = false; break;
                case "q": settings.Quiet = true; break;
                case "s": settings.NoMessages = true; break;
                case "r": settings.Recursive = true; break;
                case "R": settings.Recursive = true; settings.FollowLinks = true; break;
                case "z": settings.NullData = true; break;
                case "Z": settings.NullAfterName = true; break;
                case "a": settings.Text = true; break;
                case "binary-files":
                    switch (option.Value)
                    {
                        case "text": settings.Text = true; break;
                        case "without-match": settings.SkipBinary = true; break;
                        case "binary": settings.Text = false; break;
                        default:
                            await io.ErrorAsync("unknown binary-files type").ConfigureAwait(false);
                            return 2;
                    }
                    break;
                case "label": settings.Label = option.Value!; break;
                case "d":
                    switch (option.Value)
                    {
                        case "recurse": settings.Recursive = true; break;
                        case "skip": settings.SkipDirectories = true; break;
                        case "read": break;
                        default:
                            await io.ErrorAsync("invalid argument " + Quoting.Locale(option.Value!) + " for '--directories'").ConfigureAwait(false);
                            await io.WriteStderrAsync("Valid arguments are:\n  - 'read'\n  - 'recurse'\n  - 'skip'\n").ConfigureAwait(false);
                            return await io.UsageErrorAsync(null, 2).ConfigureAwait(false);
                    }
                    break;
                case "include": settings.Includes.Add(option.Value!); settings.IncludeExcludeOrder.Add((true, option.Value!)); break;
                case "exclude": settings.Excludes.Add(option.Value!); settings.IncludeExcludeOrder.Add((false, option.Value!)); break;
                case "exclude-dir": settings.ExcludeDirectories.Add(option.Value!); break;
                case "exclude-from":
                    {
                        var loaded = await LoadPatternFileAsync(io, option.Value!).ConfigureAwait(false);
                        if (loaded is null) return 2;
                        foreach (var glob in loaded.Where(l => l.Length > 0))
                        {
                            settings.Excludes.Add(glob);
                            settings.IncludeExcludeOrder.Add((false, glob));
                        }
                        break;
                    }
                case "A" or "B" or "C":
                    {
                        if (!int.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var lines))
                        {
                            if (long.TryParse(option.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _)) lines = int.MaxValue;
                            else
                            {
                                await io.ErrorAsync(option.Value + ": invalid context length argument").ConfigureAwait(false);
                                return 2;
                            }
                        }
                        if (option.Key == "A") after = lines;
                        else if (option.Key == "B") before = lines;
                        else context = lines;
                        break;
                    }
                case "group-separator": settings.GroupSeparator = option.Value; break;
                case "no-group-separator": settings.GroupSeparator = null; break;
            }
        }
        if (matchers.Count > 1)
        {
            await io.ErrorAsync("conflicting matchers specified").ConfigureAwait(false);
            return 2;
        }
        var operands = arguments.Operands.ToList();
        if (!havePatterns)
        {
            if (operands.Count == 0) return await io.UsageErrorAsync(null, 2).ConfigureAwait(false);
            patterns.AddRange(operands[0].Split('\n'));
            operands.RemoveAt(0);
        }
        settings.ContextRequested = after is not null || before is not null || context is not null;
        settings.After = after ?? context ?? 0;
        settings.Before = before ?? context ?? 0;
        if (settings.OnlyMatching)
        {
            settings.After = 0;
            settings.Before = 0;
            settings.ContextRequested = false;
        }

        var matcherKind = matchers.Count == 0 ? 'G' : matchers.First();
        // A trailing newline in -e or the pattern operand yields an empty last pattern only when it was really given.
        var translatedPatterns = patterns.Select(Latin1.FromArgument).ToList();
        if (matcherKind == 'P' && translatedPatterns.Count > 1)
        {
            await io.ErrorAsync("the -P option only supports a single pattern").ConfigureAwait(false);
            return 2;
        }
        LineMatcher matcher;
        try
        {
            matcher = LineMatcher.Create(translatedPatterns, new MatcherOptions(
                matcherKind switch { 'E' => RegexSyntax.Extended, 'P' => RegexSyntax.Perl, _ => RegexSyntax.Basic },
                FixedStrings: matcherKind == 'F',
                IgnoreCase: settings.IgnoreCase,
                WholeWords: settings.WholeWords,
                WholeLines: settings.WholeLines,
                DotMatchesNewline: settings.NullData));
        }
        catch (RegexSyntaxException e)
        {
            await io.ErrorAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        var search = new GrepSearch(io, settings, matcher);
        var implicitOperand = operands.Count == 0;
        if (implicitOperand) operands.Add(settings.Recursive ? "." : "-");
        search.ShowNames = settings.WithFilename ?? (operands.Count > 1 ? true : null);
        await search.RunAsync(operands, implicitOperand).ConfigureAwait(false);
        if (search.Matched && (settings.Quiet || !search.HadError)) return 0;
        return search.HadError ? 2 : 1;
    }

    private static async ValueTask<List<string>?> LoadPatternFileAsync(CommandIO io, string operand)
    {
        try
        {
            var stream = await io.OpenInputAsync(operand).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, io.CancellationToken).ConfigureAwait(false);
                var text = Encoding.UTF8.GetString(buffer.ToArray());
                if (text.Length == 0) return [];
                if (text.EndsWith('\n')) text = text[..^1];
                return [.. text.Split('\n')];
            }
        }
        catch (Exception e) when (e is ResourceException or IOException)
        {
            await io.ErrorAsync(operand + ": " + CommandIO.Reason(e)).ConfigureAwait(false);
            return null;
        }
    }
}

/// <summary>Everything the options decided.</summary>
internal sealed class GrepSettings
{
    public bool IgnoreCase { get; set; }
    public bool Invert { get; set; }
    public bool WholeWords { get; set; }
    public bool WholeLines { get; set; }
    public bool Count { get; set; }
    public bool ListMatching { get; set; }
    public bool ListNonMatching { get; set; }
    public long MaxCount { get; set; } = long.MaxValue;
    public bool OnlyMatching { get; set; }
    public bool ByteOffset { get; set; }
    public bool? WithFilename { get; set; }
    public bool LineNumbers { get; set; }
    public bool Quiet { get; set; }
    public bool NoMessages { get; set; }
    public bool Recursive { get; set; }
    public bool FollowLinks { get; set; }
    public bool NullData { get; set; }
    public bool NullAfterName { get; set; }
    public bool Text { get; set; }
    public bool SkipBinary { get; set; }
    public bool SkipDirectories { get; set; }
    public string Label { get; set; } = "(standard input)";
    public List<string> Includes { get; } = [];
    public List<string> Excludes { get; } = [];
    public List<(bool Include, string Glob)> IncludeExcludeOrder { get; } = [];
    public List<string> ExcludeDirectories { get; } = [];
    public int After { get; set; }
    public int Before { get; set; }
    public string? GroupSeparator { get; set; } = "--";
    public bool ContextRequested { get; set; }
}
