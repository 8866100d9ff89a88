using Mirage.Testing;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Mirage.Cli.Tests;

/// <summary>
/// `mirage shell -w ID` on a real terminal: the prompt runs under util-linux `script`, which gives it a
/// pseudo-terminal, and keys are typed one step at a time, each after the screen showed what the last did.
/// </summary>
public sealed partial class InteractiveShellTests : IClassFixture<DaemonCli>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly DaemonCli _cli;

    public InteractiveShellTests(DaemonCli cli) => _cli = cli;

    [Fact]
    public async Task Up_arrow_recalls_the_last_line_and_the_history_is_kept_in_the_home_folder()
    {
        await CreateAsync("keys");
        await using var terminal = Terminal.Start(_cli, "keys");
        await terminal.WaitForAsync(screen => screen.Contains("mirage:keys:/data$", StringComparison.Ordinal));
        await terminal.TypeAsync("echo one\r");
        await terminal.WaitForAsync(screen => PromptAfter(screen, "one", 1, "keys"));
        await terminal.TypeAsync("\u001b[A\r");
        await terminal.WaitForAsync(screen => PromptAfter(screen, "one", 2, "keys"));
        await terminal.TypeAsync("\u0004");
        await terminal.ExitsWithAsync(0);
        // The home folder is shared by this class's tests: this one's lines are the last two.
        Assert.Equal(["echo one", "echo one"], File.ReadAllLines(Path.Combine(_cli.Home, "history")).TakeLast(2));
    }

    [Fact]
    public async Task Ctrl_c_cancels_the_running_line_and_the_prompt_goes_on()
    {
        await CreateAsync("cancel");
        await using var terminal = Terminal.Start(_cli, "cancel");
        await terminal.WaitForAsync(screen => screen.Contains("mirage:cancel:/data$", StringComparison.Ordinal));
        await terminal.TypeAsync("echo started; sleep 120\r");
        await terminal.WaitForAsync(screen => Lines(screen, "started") == 1);
        await terminal.TypeAsync("\u0003");
        await terminal.WaitForAsync(screen => PromptAfter(screen, "^C", 1, "cancel"));
        await terminal.TypeAsync("echo after\r");
        await terminal.WaitForAsync(screen => PromptAfter(screen, "after", 1, "cancel"));
        await terminal.TypeAsync("\u0004");
        await terminal.ExitsWithAsync(0);
    }

    private async Task CreateAsync(string id)
    {
        var yaml = _cli.WriteFile(id + ".yaml", "mounts:\n  /data: { type: ram }\n");
        var created = await _cli.RunAsync(["workspace", "create", yaml, "--id", id]);
        Assert.Equal(0, created.ExitCode);
    }

    /// <summary>How many screen lines read exactly <paramref name="text"/> once control sequences are gone.</summary>
    private static int Lines(string screen, string text) => screen.Split('\n').Count(line => line.TrimEnd() == text);

    /// <summary>
    /// The screen shows <paramref name="text"/> on <paramref name="count"/> lines and, after the last of them, the
    /// prompt again: the line has finished and the editor is about to take the keys.
    /// </summary>
    private static bool PromptAfter(string screen, string text, int count, string workspace)
    {
        var lines = screen.Split('\n');
        var last = Array.FindLastIndex(lines, line => line.TrimEnd() == text);
        return Lines(screen, text) == count && lines.Skip(last + 1).Any(line => line.Contains($"mirage:{workspace}:/data$", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\u001b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex ControlSequence();

    private sealed class Terminal : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _screen = new();
        private readonly Task _reading;

        private Terminal(Process process)
        {
            _process = process;
            _reading = Task.Run(ReadAsync);
        }

        public static Terminal Start(DaemonCli cli, string workspace)
        {
            var start = new ProcessStartInfo("script")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = cli.Root,
            };
            // `exec`: script runs the line with $SHELL -c, and a shell left waiting in the terminal's process group
            // gets Ctrl-C's SIGINT too; dash then ends itself with SIGINT (status 130) once the prompt exits.
            foreach (var argument in new[] { "-qfec", $"exec '{CliRunner.ExecutablePath}' shell -w {workspace}", "/dev/null" }) start.ArgumentList.Add(argument);
            start.Environment["MIRAGE_HOME"] = cli.Home;
            start.Environment["MIRAGE_DAEMON_URL"] = cli.Url;
            start.Environment["TERM"] = "xterm";
            // The same $SHELL -c wherever the tests run (CI may have none, and script then takes /bin/sh).
            start.Environment["SHELL"] = "/bin/sh";
            return new Terminal(Process.Start(start)!);
        }

        /// <summary>
        /// Types once the editor holds the terminal: it draws its prompt just before it switches the terminal
        /// to raw keys, and keys typed before that arrive cooked (echoed by the kernel, Enter as a line feed).
        /// </summary>
        public async Task TypeAsync(string keys)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await _process.StandardInput.WriteAsync(keys);
            await _process.StandardInput.FlushAsync();
        }

        public async Task WaitForAsync(Func<string, bool> shows)
        {
            var deadline = DateTime.UtcNow + HangGuard;
            while (!shows(Screen()))
            {
                Assert.True(DateTime.UtcNow < deadline, "the terminal never showed what was expected:\n" + Screen());
                Assert.False(_process.HasExited, "the prompt ended early:\n" + Screen());
                await Task.Delay(20);
            }
        }

        /// <summary>The prompt ends with <paramref name="status"/>; a failure shows the screen, which says why.</summary>
        public async Task ExitsWithAsync(int status)
        {
            using var timeout = new CancellationTokenSource(HangGuard);
            await _process.WaitForExitAsync(timeout.Token);
            await _reading;
            Assert.True(_process.ExitCode == status, $"the prompt ended with {_process.ExitCode}, not {status}:\n{Screen()}");
        }

        private string Screen()
        {
            lock (_screen) return ControlSequence().Replace(_screen.ToString(), string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal);
        }

        private async Task ReadAsync()
        {
            var buffer = new char[4096];
            int read;
            while ((read = await _process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (_screen) _screen.Append(buffer, 0, read);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
