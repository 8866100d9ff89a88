namespace Mirage.Shell.Interpreter;

/// <summary>The open descriptors of a command: 0, 1, 2 and any others opened by redirections.</summary>
public sealed class IoTable
{
    private readonly Dictionary<int, Stream> descriptors;

    public IoTable(Stream stdin, Stream stdout, Stream stderr)
    {
        descriptors = new Dictionary<int, Stream>
        {
            [0] = ShellInputStream.From(stdin),
            [1] = stdout,
            [2] = stderr,
        };
    }

    private IoTable(Dictionary<int, Stream> descriptors) => this.descriptors = descriptors;

    public Stream Stdin => Get(0) ?? Stream.Null;

    public Stream Stdout => Get(1) ?? Stream.Null;

    public Stream Stderr => Get(2) ?? Stream.Null;

    public Stream? Get(int fd) => descriptors.GetValueOrDefault(fd);

    public void Set(int fd, Stream? stream)
    {
        if (stream is null)
        {
            descriptors.Remove(fd);
        }
        else
        {
            descriptors[fd] = fd == 0 || stream.CanRead && !stream.CanWrite ? ShellInputStream.From(stream) : stream;
        }
    }

    /// <summary>True when some descriptor still refers to <paramref name="stream"/> (possibly through its input wrapper).</summary>
    public bool References(Stream stream) =>
        descriptors.Values.Any(open => ReferenceEquals(open, stream) || (open is ShellInputStream input && input.Wraps(stream)));

    public IoTable Clone() => new(new Dictionary<int, Stream>(descriptors));

    /// <summary>
    /// This table with the descriptors a command's own redirections changed (<paramref name="original"/> to
    /// <paramref name="redirected"/>) set back: what remains after a command whose body ran <c>exec</c>.
    /// </summary>
    public IoTable WithRedirectionsUndone(IoTable original, IoTable redirected)
    {
        var result = new Dictionary<int, Stream>(descriptors);
        foreach (var fd in original.descriptors.Keys.Union(redirected.descriptors.Keys))
        {
            var before = original.descriptors.GetValueOrDefault(fd);
            if (ReferenceEquals(before, redirected.descriptors.GetValueOrDefault(fd)))
            {
                continue;
            }

            if (before is null)
            {
                result.Remove(fd);
            }
            else
            {
                result[fd] = before;
            }
        }

        return new IoTable(result);
    }

    public int NextFreeDescriptor(int from = 10)
    {
        var fd = from;
        while (descriptors.ContainsKey(fd))
        {
            fd++;
        }

        return fd;
    }
}
