using Mirage.Commands.Common;

namespace Mirage.Commands.Runners;

/// <summary>
/// timeout: runs a command and stops it when DURATION passes. Stopping cancels the command's token, which ends
/// everything it started (pipes, nested shells); signals that leave a process running only mark the time-out.
/// </summary>
public sealed class TimeoutCommand() : GnuCommand("timeout")
{
    /// <summary>Task.Delay's ceiling (about 49 days); anything longer never fires within a run.</summary>
    private static readonly double LongestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1).TotalSeconds;

    private static readonly ArgParser Options = new("+k:s:v", "kill-after=k", "signal=s", "verbose=v", "preserve-status", "foreground", "help", "version");

    protected override ArgParser Parser => Options;

    protected override int UsageErrorStatus => 125;

    protected override string Authors => "Padraig Brady";

    protected override string Help => "Usage: timeout [OPTION] DURATION COMMAND [ARG]...\n  or:  timeout [OPTION]\nStart COMMAND, and kill it if still running after DURATION.\n";

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var signal = Signals.Term;
        double killAfter = 0;
        foreach (var option in arguments.Options)
        {
            if (option.Key == "s")
            {
                if (Signals.Parse(option.Value!) is not { } parsed)
                {
                    await io.ErrorAsync($"{Quoting.Locale(option.Value!)}: invalid signal").ConfigureAwait(false);
                    return await io.UsageErrorAsync(null, 125).ConfigureAwait(false);
                }
                signal = parsed;
            }
            else if (option.Key == "k")
            {
                if (CNumber.ParseDuration(option.Value!) is not { } seconds) return await InvalidIntervalAsync(io, option.Value!).ConfigureAwait(false);
                killAfter = seconds;
            }
        }
        if (arguments.Operands.Count < 2) return await io.UsageErrorAsync(null, 125).ConfigureAwait(false);
        if (CNumber.ParseDuration(arguments.Operands[0]) is not { } duration) return await InvalidIntervalAsync(io, arguments.Operands[0]).ConfigureAwait(false);
        var command = arguments.Operands.Skip(1).ToList();
        var context = io.Context;
        if (!context.Runner.CanRun(command[0]))
        {
            await io.ErrorAsync($"failed to run command {Quoting.Locale(command[0])}: No such file or directory").ConfigureAwait(false);
            return 127;
        }
        await io.Out.FlushAsync().ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(io.CancellationToken);
        using var clock = CancellationTokenSource.CreateLinkedTokenSource(io.CancellationToken);
        // On the pool: a command that never yields (a busy shell loop) must not keep the clock from starting.
        var run = Task.Run(() => RunGuardedAsync(context, command, stop.Token), CancellationToken.None);
        var timedOut = false;
        if (await ExpiresFirstAsync(run, duration, clock.Token).ConfigureAwait(false))
        {
            timedOut = true;
            await AnnounceAsync(io, arguments.Has("v"), signal, command[0]).ConfigureAwait(false);
            if (!Signals.LeavesRunning(signal)) stop.Cancel();
            else if (killAfter > 0 && await ExpiresFirstAsync(run, killAfter, clock.Token).ConfigureAwait(false))
            {
                signal = Signals.Kill;
                await AnnounceAsync(io, arguments.Has("v"), signal, command[0]).ConfigureAwait(false);
                stop.Cancel();
            }
        }
        await clock.CancelAsync().ConfigureAwait(false);
        var status = await run.ConfigureAwait(false);
        io.CancellationToken.ThrowIfCancellationRequested();
        if (!timedOut) return status ?? 128 + signal;
        // KILL reaches timeout itself too (it shares the process group), so it ends with 128+9 whatever it was asked.
        if (signal == Signals.Kill) return 128 + Signals.Kill;
        if (!arguments.Has("preserve-status")) return 124;
        return status ?? 128 + signal;
    }

    /// <summary>The command's status, or null when the time-out stopped it.</summary>
    private static async Task<int?> RunGuardedAsync(CommandContext context, List<string> command, CancellationToken stop)
    {
        try
        {
            return await context.Runner.RunAsync(command, context.Stdin, context.Stdout, context.Stderr, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Waits for <paramref name="run"/> or <paramref name="seconds"/>, whichever ends first; true when the time ran out.</summary>
    private static async Task<bool> ExpiresFirstAsync(Task<int?> run, double seconds, CancellationToken cancellationToken)
    {
        if (seconds <= 0 || seconds >= LongestWait) return false;
        var delay = Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        var first = await Task.WhenAny(run, delay).ConfigureAwait(false);
        return first == delay && delay.IsCompletedSuccessfully;
    }

    private static async ValueTask AnnounceAsync(CommandIO io, bool verbose, int signal, string command)
    {
        if (verbose) await io.ErrorAsync($"sending signal {Signals.Name(signal)} to command {Quoting.Locale(command)}").ConfigureAwait(false);
    }

    private static async ValueTask<int> InvalidIntervalAsync(CommandIO io, string text)
    {
        await io.ErrorAsync($"invalid time interval {Quoting.Locale(text)}").ConfigureAwait(false);
        return await io.UsageErrorAsync(null, 125).ConfigureAwait(false);
    }
}
