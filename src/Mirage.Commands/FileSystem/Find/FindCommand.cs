using System.Globalization;
using System.Text;
using Mirage.Commands.Common;
using Mirage.Vfs;

namespace Mirage.Commands.FileSystem.Find;

/// <summary>
/// find (GNU findutils 4.9): walks every starting point across mount boundaries, children in name order,
/// evaluating the expression with GNU's operators, tests, actions and messages.
/// </summary>
public sealed class FindCommand : ICommand
{
    public string Name => "find";

    private sealed class Options
    {
        public int MaxDepth = int.MaxValue;
        public int MinDepth;
        public bool DepthFirst;
        public string RegexType = "emacs";

        /// <summary>Set when a primary looks at size, time or mode; otherwise directories are listed by name and kind only.</summary>
        public bool NeedsDetails;
    }

    /// <summary>Primaries that look at nothing but the path and the kind of an entry.</summary>
    private static readonly HashSet<string> NameAndKindPrimaries = new(StringComparer.Ordinal)
    {
        "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex", "-regextype", "-type", "-xtype",
        "-maxdepth", "-mindepth", "-depth", "-d", "-xdev", "-mount", "-noleaf", "-nowarn", "-warn", "-ignore_readdir_race",
        "-noignore_readdir_race", "-follow", "-daystart", "-prune", "-quit", "-print", "-print0", "-true", "-false",
        "-readable", "-writable", "-user", "-group", "-nouser", "-nogroup", "-delete", "-exec", "-execdir", "-ok", "-okdir",
    };

    /// <summary>Unwinds the walk at -quit, so nothing after it in the expression runs.</summary>
    private sealed class FindQuitException : Exception;

    /// <summary>Thrown while parsing: the message find prints before exiting with status 1.</summary>
    private sealed class FindSyntaxException(string message) : Exception(message);

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var io = new CommandIO(context);
        var arguments = context.Arguments;
        if (arguments.Count > 0 && arguments[0] == "--help")
        {
            await io.Out.WriteAsync("Usage: find [-H] [-L] [-P] [-Olevel] [-D debugopts] [path...] [expression]\n").ConfigureAwait(false);
            await io.Out.FlushAsync().ConfigureAwait(false);
            return 0;
        }
        if (arguments.Count > 0 && arguments[0] == "--version")
        {
            await io.Out.WriteAsync("find (GNU findutils) 4.9.0\n").ConfigureAwait(false);
            await io.Out.FlushAsync().ConfigureAwait(false);
            return 0;
        }
        var index = 0;
        while (index < arguments.Count && arguments[index] is "-H" or "-L" or "-P") index++;
        var starts = new List<string>();
        while (index < arguments.Count && !IsExpressionStart(arguments[index])) starts.Add(arguments[index++]);
        if (starts.Count == 0) starts.Add(".");

        var run = new FindRun(io);
        var options = new Options();
        FindExpression expression;
        try
        {
            var parser = new Parser(arguments, index, options, run);
            var parsed = await parser.ParseAsync().ConfigureAwait(false);
            expression = parsed ?? new PrimaryExpression("-true", static (_, _) => ValueTask.FromResult(true));
            if (!parser.HasAction) expression = new AndExpression(expression, PrintAction("\n"));
        }
        catch (FindSyntaxException e)
        {
            await io.ErrorAsync(e.Message).ConfigureAwait(false);
            await io.Out.FlushAsync().ConfigureAwait(false);
            return 1;
        }

        try
        {
            foreach (var start in starts)
            {
                if (run.Quit) break;
                EntryInfo? entry;
                try
                {
                    entry = await io.Files.StatAsync(io.Resolve(start), io.CancellationToken).ConfigureAwait(false);
                }
                catch (ResourceException e)
                {
                    await io.ErrorAsync($"{Quoting.ShellAlways(start)}: {e.Reason}").ConfigureAwait(false);
                    run.Status = 1;
                    continue;
                }
                if (entry is null || (start.EndsWith('/') && !entry.IsDirectory && entry.Kind != EntryKind.Symlink))
                {
                    await io.ErrorAsync($"{Quoting.ShellAlways(start)}: {(entry is null ? "No such file or directory" : "Not a directory")}").ConfigureAwait(false);
                    run.Status = 1;
                    continue;
                }
                try
                {
                    await WalkAsync(run, options, expression, new Visit(entry, start, start, 0)).ConfigureAwait(false);
                }
                catch (FindQuitException)
                {
                    break;
                }
            }
            foreach (var batch in run.Batches) await FlushBatchAsync(run, batch).ConfigureAwait(false);
            await io.Out.FlushAsync().ConfigureAwait(false);
        }
        catch (BrokenPipeException)
        {
            return 141;
        }
        return run.Status;
    }

    private static bool IsExpressionStart(string argument) =>
        (argument.StartsWith('-') && argument.Length > 1) || argument is "(" or ")" or "!" or ",";

    private static async ValueTask WalkAsync(FindRun run, Options options, FindExpression expression, Visit visit)
    {
        if (run.Quit) return;
        var io = run.IO;
        if (!options.DepthFirst && visit.Depth >= options.MinDepth) await expression.EvaluateAsync(run, visit).ConfigureAwait(false);
        if (run.Quit) return;
        if (visit.Entry.IsDirectory && visit.Depth < options.MaxDepth && !visit.Pruned)
        {
            List<EntryInfo> children;
            try
            {
                children = options.NeedsDetails
                    ? await ResourceOperations.ListSortedAsync(io.Files, visit.Entry.Path, io.CancellationToken).ConfigureAwait(false)
                    : await ResourceOperations.ListNamesSortedAsync(io.Files, visit.Entry.Path, io.CancellationToken).ConfigureAwait(false);
            }
            catch (ResourceException e)
            {
                await io.ErrorAsync($"{Quoting.ShellAlways(visit.DisplayPath)}: {e.Reason}").ConfigureAwait(false);
                run.Status = 1;
                children = [];
            }
            var prefix = visit.DisplayPath.EndsWith('/') ? visit.DisplayPath : visit.DisplayPath + "/";
            foreach (var child in children)
            {
                if (run.Quit) return;
                await WalkAsync(run, options, expression, new Visit(child, prefix + child.Name, visit.StartPath, visit.Depth + 1)).ConfigureAwait(false);
            }
        }
        if (options.DepthFirst && visit.Depth >= options.MinDepth && !run.Quit) await expression.EvaluateAsync(run, visit).ConfigureAwait(false);
    }

    private static PrimaryExpression PrintAction(string terminator) => new("-print", async (run, visit) =>
    {
        await run.IO.Out.WriteAsync(visit.DisplayPath + terminator).ConfigureAwait(false);
        return true;
    });

    private static async ValueTask FlushBatchAsync(FindRun run, ExecBatch batch)
    {
        if (batch.Paths.Count == 0) return;
        var argv = batch.Before.Concat(batch.Paths).Concat(batch.After).ToList();
        batch.Paths.Clear();
        var status = await RunCommandAsync(run, argv).ConfigureAwait(false);
        if (status != 0) run.Status = 1;
    }

    private static async ValueTask<int> RunCommandAsync(FindRun run, List<string> argv)
    {
        var io = run.IO;
        await io.Out.FlushAsync().ConfigureAwait(false);
        var context = io.Context;
        if (!context.Runner.CanRun(argv[0]))
        {
            await io.ErrorAsync($"{Quoting.Locale(argv[0])}: No such file or directory").ConfigureAwait(false);
            return 127;
        }
        return await context.Runner.RunAsync(argv, context.Stdin, context.Stdout, context.Stderr, io.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Recursive descent over the expression arguments: or := and (-o and)*; and := unary ([-a] unary)*.</summary>
    private sealed class Parser(IReadOnlyList<string> arguments, int position, Options options, FindRun run)
    {
        private int _position = position;

        public bool HasAction { get; private set; }

        public async ValueTask<FindExpression?> ParseAsync()
        {
            if (_position >= arguments.Count) return null;
            var expression = await ParseCommaAsync().ConfigureAwait(false);
            if (_position < arguments.Count)
            {
                var token = arguments[_position];
                if (token == ")") throw new FindSyntaxException("invalid expression; you have too many ')'");
                throw new FindSyntaxException($"paths must precede expression: `{token}'");
            }
            return expression;
        }

        private async ValueTask<FindExpression> ParseCommaAsync()
        {
            var left = await ParseOrAsync().ConfigureAwait(false);
            while (Peek() == ",")
            {
                _position++;
                left = new CommaExpression(left, await ParseOrAsync().ConfigureAwait(false));
            }
            return left;
        }

        private async ValueTask<FindExpression> ParseOrAsync()
        {
            var left = await ParseAndAsync().ConfigureAwait(false);
            while (Peek() is "-o" or "-or")
            {
                var op = arguments[_position++];
                if (Peek() is null or ")" or "-o" or "-or" or "-a" or "-and" or ",")
                    throw new FindSyntaxException($"invalid expression; you have used a binary operator '{op}' with nothing after it.");
                left = new OrExpression(left, await ParseAndAsync().ConfigureAwait(false));
            }
            return left;
        }

        private async ValueTask<FindExpression> ParseAndAsync()
        {
            var left = await ParseUnaryAsync().ConfigureAwait(false);
            while (true)
            {
                var next = Peek();
                if (next is null or ")" or "-o" or "-or" or ",") return left;
                if (next is "-a" or "-and")
                {
                    _position++;
                    if (Peek() is null or ")" or "-o" or "-or" or "-a" or "-and" or ",")
                        throw new FindSyntaxException($"invalid expression; you have used a binary operator '{next}' with nothing after it.");
                }
                left = new AndExpression(left, await ParseUnaryAsync().ConfigureAwait(false));
            }
        }

        private async ValueTask<FindExpression> ParseUnaryAsync()
        {
            var token = Peek() ?? throw new FindSyntaxException("invalid expression");
            if (token is "!" or "-not")
            {
                _position++;
                if (Peek() is null) throw new FindSyntaxException($"invalid expression; you have used a unary operator '{token}' with nothing after it.");
                return new NotExpression(await ParseUnaryAsync().ConfigureAwait(false));
            }
            if (token == "(")
            {
                _position++;
                if (Peek() == ")") throw new FindSyntaxException("invalid expression; empty parentheses are not allowed.");
                var inner = await ParseCommaAsync().ConfigureAwait(false);
                if (Peek() != ")") throw new FindSyntaxException("invalid expression; I was expecting to find a ')' somewhere but did not see one.");
                _position++;
                return inner;
            }
            if (token is "-o" or "-or" or "-a" or "-and" or ",")
                throw new FindSyntaxException($"invalid expression; you have used a binary operator '{token}' with nothing before it.");
            if (token == ")") throw new FindSyntaxException("invalid expression; you have too many ')'");
            _position++;
            if (!NameAndKindPrimaries.Contains(token)) options.NeedsDetails = true;
            return await PrimaryAsync(token).ConfigureAwait(false);
        }

        private string? Peek() => _position < arguments.Count ? arguments[_position] : null;

        private string Argument(string predicate)
        {
            if (_position >= arguments.Count) throw new FindSyntaxException($"missing argument to `{predicate}'");
            return arguments[_position++];
        }

        private static PrimaryExpression True(string name) => new(name, static (_, _) => ValueTask.FromResult(true));

        private static PrimaryExpression Test(string name, Func<Visit, bool> test) => new(name, (_, visit) => ValueTask.FromResult(test(visit)));

        private async ValueTask<FindExpression> PrimaryAsync(string token)
        {
            switch (token)
            {
                case "-name" or "-iname":
                    {
                        var pattern = Glob.ToRegex(Argument(token), token == "-iname");
                        return Test(token, visit => pattern.IsMatch(visit.Name));
                    }
                case "-path" or "-ipath" or "-wholename" or "-iwholename":
                    {
                        var pattern = Glob.ToRegex(Argument(token), token.StartsWith("-i", StringComparison.Ordinal));
                        return Test(token, visit => pattern.IsMatch(visit.DisplayPath));
                    }
                case "-regex" or "-iregex":
                    {
                        var regex = FindRegex.Translate(Argument(token), options.RegexType, token == "-iregex");
                        return Test(token, visit => regex.IsMatch(visit.DisplayPath));
                    }
                case "-regextype":
                    {
                        var type = Argument(token);
                        if (type is not ("emacs" or "posix-basic" or "posix-extended" or "posix-egrep" or "egrep" or "findutils-default" or "grep" or "sed" or "awk" or "gnu-awk" or "posix-awk" or "ed"))
                            throw new FindSyntaxException($"Unknown regular expression type {Quoting.ShellAlways(type)}; valid types are 'findutils-default', 'ed', 'emacs', 'gnu-awk', 'grep', 'posix-awk', 'awk', 'posix-basic', 'posix-egrep', 'egrep', 'posix-extended', 'posix-minimal-basic', 'sed'.");
                        options.RegexType = type is "findutils-default" ? "emacs" : type is "posix-basic" or "grep" or "sed" or "ed" ? "posix-basic" : type == "emacs" ? "emacs" : "posix-extended";
                        return True(token);
                    }
                case "-type" or "-xtype":
                    {
                        var text = Argument(token);
                        var kinds = new HashSet<EntryKind>();
                        foreach (var part in text.Split(','))
                        {
                            if (part.Length != 1) throw new FindSyntaxException(part.Length == 0 ? $"Unknown argument to {token}: " : $"Must separate multiple arguments to {token} using: ','");
                            switch (part[0])
                            {
                                case 'f': kinds.Add(EntryKind.File); break;
                                case 'd': kinds.Add(EntryKind.Directory); break;
                                case 'l': kinds.Add(EntryKind.Symlink); break;
                                case 'b' or 'c' or 'p' or 's' or 'D': break;
                                default: throw new FindSyntaxException($"Unknown argument to {token}: {part}");
                            }
                        }
                        return Test(token, visit => kinds.Contains(visit.Entry.Kind));
                    }
                case "-size":
                    {
                        var text = Argument(token);
                        var (comparison, digits) = SplitSign(text);
                        var unit = 512L;
                        if (digits.Length > 0 && !char.IsAsciiDigit(digits[^1]))
                        {
                            unit = digits[^1] switch
                            {
                                'c' => 1,
                                'w' => 2,
                                'b' => 512,
                                'k' => 1024,
                                'M' => 1024 * 1024,
                                'G' => 1024L * 1024 * 1024,
                                _ => throw new FindSyntaxException($"invalid -size type `{digits[^1]}'"),
                            };
                            digits = digits[..^1];
                        }
                        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                            throw new FindSyntaxException($"invalid argument `{text}' to `-size'");
                        return Test(token, visit =>
                        {
                            var size = FileFacts.Size(visit.Entry);
                            var units = (size + unit - 1) / unit;
                            return Compare(comparison, units, n);
                        });
                    }
                case "-mtime" or "-mmin" or "-ctime" or "-cmin" or "-atime" or "-amin":
                    {
                        var text = Argument(token);
                        var (comparison, digits) = SplitSign(text);
                        if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
                            throw new FindSyntaxException($"invalid argument `{text}' to `{token}'");
                        var period = token.EndsWith("min", StringComparison.Ordinal) ? 60.0 : 86400.0;
                        return Test(token, visit =>
                        {
                            var age = (run.Now - FileFacts.Modified(visit.Entry)).TotalSeconds;
                            var periods = Math.Floor(age / period);
                            if (period == 60.0) periods = Math.Ceiling(age / period);
                            return comparison switch
                            {
                                '+' => periods > n,
                                '-' => periods < n,
                                _ => periods == n,
                            };
                        });
                    }
                case "-newer" or "-anewer" or "-cnewer":
                    {
                        var reference = Argument(token);
                        var info = await run.IO.StatAsync(reference).ConfigureAwait(false)
                            ?? throw new FindSyntaxException($"{Quoting.ShellAlways(reference)}: No such file or directory");
                        var time = FileFacts.Modified(info);
                        return Test(token, visit => FileFacts.Modified(visit.Entry) > time);
                    }
                case "-empty":
                    return new PrimaryExpression(token, async (run, visit) =>
                    {
                        if (visit.Entry.IsFile) return (visit.Entry.Size ?? 0) == 0;
                        if (!visit.Entry.IsDirectory) return false;
                        await using var children = run.IO.Files.ListAsync(visit.Entry.Path, run.IO.CancellationToken).GetAsyncEnumerator(run.IO.CancellationToken);
                        return !await children.MoveNextAsync().ConfigureAwait(false);
                    });
                case "-perm":
                    {
                        var text = Argument(token);
                        var mode = text.Length > 0 && text[0] is '-' or '/' ? text[1..] : text;
                        if (!ModeParser.TryCompile(mode, out var compiled)) throw new FindSyntaxException($"invalid mode {Quoting.ShellAlways(text)}");
                        // As findutils: the mode applied to nothing, without a umask; "X" differs for directories.
                        var fileBits = compiled.Apply(0, isDirectory: false, umask: 0);
                        var directoryBits = compiled.Apply(0, isDirectory: true, umask: 0);
                        return Test(token, visit =>
                        {
                            var permissions = FileFacts.Permissions(visit.Entry);
                            var bits = visit.Entry.IsDirectory ? directoryBits : fileBits;
                            return text[0] switch
                            {
                                '-' => (permissions & bits) == bits,
                                '/' => bits == 0 || (permissions & bits) != 0,
                                _ => permissions == bits,
                            };
                        });
                    }
                case "-links":
                    {
                        var text = Argument(token);
                        var (comparison, digits) = SplitSign(text);
                        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) throw new FindSyntaxException($"invalid argument `{text}' to `-links'");
                        return Test(token, visit => Compare(comparison, visit.Entry.IsDirectory ? 2 : 1, n));
                    }
                case "-user" or "-group":
                    {
                        var name = Argument(token);
                        var owner = run.IO.GetEnvironment("USER") ?? "user";
                        return Test(token, _ => name == owner);
                    }
                case "-nouser" or "-nogroup" or "-false":
                    return Test(token, _ => false);
                case "-true" or "-readable" or "-writable":
                    return True(token);
                case "-executable":
                    return Test(token, visit => (FileFacts.Permissions(visit.Entry) & 0x40) != 0);
                case "-maxdepth" or "-mindepth":
                    {
                        var text = Argument(token);
                        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var depth))
                            throw new FindSyntaxException($"Expected a positive decimal integer argument to {token}, but got '{text}'");
                        if (token == "-maxdepth") options.MaxDepth = depth;
                        else options.MinDepth = depth;
                        return True(token);
                    }
                case "-depth" or "-d":
                    options.DepthFirst = true;
                    return True(token);
                case "-xdev" or "-mount" or "-noleaf" or "-nowarn" or "-warn" or "-ignore_readdir_race" or "-noignore_readdir_race" or "-follow" or "-daystart":
                    return True(token);
                case "-prune":
                    return new PrimaryExpression(token, (_, visit) =>
                    {
                        if (!options.DepthFirst) visit.Pruned = true;
                        return ValueTask.FromResult(true);
                    });
                case "-quit":
                    return new PrimaryExpression(token, (run, _) =>
                    {
                        run.Quit = true;
                        throw new FindQuitException();
                    });
                case "-print":
                    HasAction = true;
                    return PrintAction("\n");
                case "-print0":
                    HasAction = true;
                    return PrintAction("\0");
                case "-printf":
                    {
                        HasAction = true;
                        var format = Argument(token);
                        return new PrimaryExpression(token, async (run, visit) =>
                        {
                            await run.IO.Out.WriteAsync(await FindPrintf.FormatAsync(format, run, visit).ConfigureAwait(false)).ConfigureAwait(false);
                            return true;
                        });
                    }
                case "-ls":
                    HasAction = true;
                    return new PrimaryExpression(token, async (run, visit) =>
                    {
                        await run.IO.Out.WriteAsync(await FindPrintf.LsLineAsync(run, visit).ConfigureAwait(false)).ConfigureAwait(false);
                        return true;
                    });
                case "-delete":
                    HasAction = true;
                    options.DepthFirst = true;
                    return new PrimaryExpression(token, async (run, visit) =>
                    {
                        if (visit.Depth == 0 && visit.DisplayPath is "." or "./") return true;
                        try
                        {
                            await run.IO.Files.RemoveAsync(visit.Entry.Path, recursive: false, run.IO.CancellationToken).ConfigureAwait(false);
                            return true;
                        }
                        catch (ResourceException e)
                        {
                            await run.IO.ErrorAsync($"cannot delete {Quoting.ShellAlways(visit.DisplayPath)}: {e.Reason}").ConfigureAwait(false);
                            run.Status = 1;
                            return false;
                        }
                    });
                case "-exec" or "-execdir" or "-ok" or "-okdir":
                    return ParseExec(token);
                default:
                    if (token.StartsWith('-')) throw new FindSyntaxException($"unknown predicate `{token}'");
                    throw new FindSyntaxException($"paths must precede expression: `{token}'");
            }
        }

        private PrimaryExpression ParseExec(string token)
        {
            HasAction = true;
            var command = new List<string>();
            var batch = false;
            while (true)
            {
                if (_position >= arguments.Count) throw new FindSyntaxException($"missing argument to `{token}'");
                var word = arguments[_position++];
                if (word == ";") break;
                if (word == "+" && command.Count > 0 && command[^1] == "{}")
                {
                    batch = true;
                    command.RemoveAt(command.Count - 1);
                    break;
                }
                command.Add(word);
            }
            if (command.Count == 0) throw new FindSyntaxException($"missing argument to `{token}'");
            var inDirectory = token.EndsWith("dir", StringComparison.Ordinal);
            if (batch)
            {
                var execBatch = new ExecBatch(command, []);
                run.Batches.Add(execBatch);
                return new PrimaryExpression(token, async (run, visit) =>
                {
                    execBatch.Paths.Add(inDirectory ? "./" + visit.Name : visit.DisplayPath);
                    if (execBatch.Paths.Count >= ExecBatch.MaxPaths) await FlushBatchAsync(run, execBatch).ConfigureAwait(false);
                    return true;
                });
            }
            return new PrimaryExpression(token, async (run, visit) =>
            {
                var path = inDirectory ? "./" + visit.Name : visit.DisplayPath;
                var argv = command.Select(word => word.Replace("{}", path, StringComparison.Ordinal)).ToList();
                var status = await RunCommandAsync(run, argv).ConfigureAwait(false);
                return status == 0;
            });
        }

        private static (char Comparison, string Digits) SplitSign(string text) =>
            text.Length > 0 && text[0] is '+' or '-' ? (text[0], text[1..]) : ('=', text);

        private static bool Compare(char comparison, long value, long n) => comparison switch
        {
            '+' => value > n,
            '-' => value < n,
            _ => value == n,
        };
    }
}
