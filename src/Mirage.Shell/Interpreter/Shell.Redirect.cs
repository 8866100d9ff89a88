using System.Globalization;
using System.Text;
using Mirage.Shell.Expansion;
using Mirage.Shell.Syntax.Ast;
using Mirage.Vfs;

namespace Mirage.Shell.Interpreter;

public sealed partial class Shell
{
    /// <summary>
    /// Applies redirections to a copy of <paramref name="current"/>. Streams it opens go to
    /// <paramref name="opened"/> (the caller disposes them when the command ends). Null after
    /// reporting an error.
    /// </summary>
    internal async ValueTask<IoTable?> ApplyRedirectionsAsync(IReadOnlyList<Redirection> redirections, IoTable current, List<Stream> opened, CancellationToken cancellationToken)
    {
        var table = current.Clone();

        // Redirections take effect one by one, so an error goes to the stderr the earlier ones chose (`2>/dev/null >/x/y`).
        var outer = io;
        io = table;
        try
        {
            foreach (var redirection in redirections)
            {
                try
                {
                    if (!await ApplyAsync(redirection, table, opened, cancellationToken).ConfigureAwait(false))
                    {
                        return null;
                    }
                }
                catch (ExpansionException error)
                {
                    await ExpansionFailedAsync(error).ConfigureAwait(false);
                    return null;
                }
            }
        }
        finally
        {
            io = outer;
        }

        return table;
    }

    private async ValueTask<bool> ApplyAsync(Redirection redirection, IoTable table, List<Stream> opened, CancellationToken cancellationToken)
    {
        var fd = redirection.Fd ?? redirection.DefaultFd;
        if (redirection.FdVariable is { } fdVariable)
        {
            if (redirection.Operator is RedirectionOperator.DuplicateInput or RedirectionOperator.DuplicateOutput
                && redirection.Target.TryGetStaticText() == "-")
            {
                fd = int.TryParse(Variables.Get(fdVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var existing) ? existing : -1;
            }
            else
            {
                fd = table.NextFreeDescriptor();
                Variables.Set(fdVariable, fd.ToString(CultureInfo.InvariantCulture));
            }
        }

        switch (redirection.Operator)
        {
            case RedirectionOperator.HereDocument:
            {
                var document = redirection.HereDocument;
                var text = document is null ? "" : document.Quoted
                    ? document.Body.TryGetStaticText() ?? ""
                    : await expander.ExpandHereDocumentAsync(document.Body, cancellationToken).ConfigureAwait(false);
                table.Set(fd, new MemoryStream(Mirage.Shell.Syntax.ShellEncoding.GetBytes(text), writable: false));
                return true;
            }

            case RedirectionOperator.HereString:
            {
                var text = await expander.ExpandStringAsync(redirection.Target, cancellationToken, tilde: true).ConfigureAwait(false);
                table.Set(fd, new MemoryStream(Mirage.Shell.Syntax.ShellEncoding.GetBytes(text + "\n"), writable: false));
                return true;
            }

            case RedirectionOperator.DuplicateInput or RedirectionOperator.DuplicateOutput:
            {
                var target = await expander.ExpandStringAsync(redirection.Target, cancellationToken).ConfigureAwait(false);
                if (target == "-")
                {
                    var closed = table.Get(fd);
                    table.Set(fd, null);
                    if (closed is not null && persistentStreams.Remove(closed))
                    {
                        // Closing a descriptor opened by exec commits what was written to it.
                        await closed.DisposeAsync().ConfigureAwait(false);
                    }

                    return true;
                }

                var move = target.EndsWith('-') && target.Length > 1;
                var number = move ? target[..^1] : target;
                if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var source))
                {
                    var stream = FindDescriptor(table, source);
                    if (stream is null)
                    {
                        await ReportAsync($"{source}: Bad file descriptor").ConfigureAwait(false);
                        return false;
                    }

                    table.Set(fd, stream);
                    if (move)
                    {
                        table.Set(source, null);
                    }

                    return true;
                }

                if (redirection.Operator == RedirectionOperator.DuplicateOutput && redirection.Fd is null)
                {
                    // >&file is &>file.
                    var stream = await OpenOutputAsync(target, table, append: false, clobber: false, cancellationToken).ConfigureAwait(false);
                    if (stream is null)
                    {
                        return false;
                    }

                    opened.Add(stream);
                    table.Set(1, stream);
                    table.Set(2, stream);
                    return true;
                }

                await ReportAsync($"{target}: ambiguous redirect").ConfigureAwait(false);
                return false;
            }
        }

        var path = await ExpandRedirectTargetAsync(redirection.Target, cancellationToken).ConfigureAwait(false);
        if (path is null)
        {
            return false;
        }

        switch (redirection.Operator)
        {
            case RedirectionOperator.Input or RedirectionOperator.ReadWrite:
            {
                var stream = await OpenInputAsync(path, table, cancellationToken).ConfigureAwait(false);
                if (stream is null)
                {
                    return false;
                }

                opened.Add(stream);
                table.Set(fd, stream);
                return true;
            }

            case RedirectionOperator.Output or RedirectionOperator.Append or RedirectionOperator.Clobber:
            {
                var stream = await OpenOutputAsync(path, table, redirection.Operator == RedirectionOperator.Append, redirection.Operator == RedirectionOperator.Clobber, cancellationToken).ConfigureAwait(false);
                if (stream is null)
                {
                    return false;
                }

                opened.Add(stream);
                table.Set(fd, stream);
                return true;
            }

            case RedirectionOperator.OutputAndError or RedirectionOperator.AppendOutputAndError:
            {
                var stream = await OpenOutputAsync(path, table, redirection.Operator == RedirectionOperator.AppendOutputAndError, clobber: false, cancellationToken).ConfigureAwait(false);
                if (stream is null)
                {
                    return false;
                }

                opened.Add(stream);
                table.Set(1, stream);
                table.Set(2, stream);
                return true;
            }
        }

        return true;
    }

    private async ValueTask<string?> ExpandRedirectTargetAsync(Word target, CancellationToken cancellationToken)
    {
        var words = await expander.ExpandWordsAsync([target], cancellationToken).ConfigureAwait(false);
        if (words.Count != 1)
        {
            var text = await expander.ExpandStringAsync(target, cancellationToken).ConfigureAwait(false);
            // bash names the redirection as written.
            await ReportAsync($"{Syntax.Printer.Print(target)}: ambiguous redirect").ConfigureAwait(false);
            return null;
        }

        return words[0];
    }

    private async ValueTask<Stream?> OpenInputAsync(string path, IoTable table, CancellationToken cancellationToken)
    {
        if (TryOpenDevice(path, table, write: false, out var device))
        {
            if (device is null)
            {
                await ReportAsync($"{path}: No such file or directory").ConfigureAwait(false);
            }

            return device;
        }

        try
        {
            var entry = await host.StatAsync(Resolve(path), cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                await ReportAsync($"{path}: No such file or directory").ConfigureAwait(false);
                return null;
            }

            if (entry.IsDirectory)
            {
                await ReportAsync($"{path}: Is a directory").ConfigureAwait(false);
                return null;
            }

            return await host.OpenReadAsync(Resolve(path), cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException error)
        {
            await ReportAsync($"{path}: {error.Reason}").ConfigureAwait(false);
            return null;
        }
        catch (IOException error)
        {
            await ReportAsync($"{path}: {error.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private async ValueTask<Stream?> OpenOutputAsync(string path, IoTable table, bool append, bool clobber, CancellationToken cancellationToken)
    {
        if (TryOpenDevice(path, table, write: true, out var device))
        {
            if (device is null)
            {
                await ReportAsync($"{path}: No such file or directory").ConfigureAwait(false);
            }

            return device;
        }

        try
        {
            var entry = await host.StatAsync(Resolve(path), cancellationToken).ConfigureAwait(false);
            if (entry is not null && entry.IsDirectory)
            {
                await ReportAsync($"{path}: Is a directory").ConfigureAwait(false);
                return null;
            }

            if (entry is not null && Flags.NoClobber && !append && !clobber)
            {
                await ReportAsync($"{path}: cannot overwrite existing file").ConfigureAwait(false);
                return null;
            }

            if (entry is null)
            {
                var parent = Resolve(path).Parent;
                var parentEntry = await host.StatAsync(parent, cancellationToken).ConfigureAwait(false);
                if (parentEntry is null || !parentEntry.IsDirectory)
                {
                    await ReportAsync($"{path}: {(parentEntry is null ? "No such file or directory" : "Not a directory")}").ConfigureAwait(false);
                    return null;
                }
            }

            return await host.OpenWriteAsync(Resolve(path), append, Umask, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceException error)
        {
            await ReportAsync($"{path}: {error.Reason}").ConfigureAwait(false);
            return null;
        }
        catch (IOException error)
        {
            await ReportAsync($"{path}: {error.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>A view of a shared stream that leaves it open when disposed.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
