using Mirage.Commands.FileSystem;
using Mirage.Commands.FileSystem.Diff;
using Mirage.Commands.FileSystem.Find;
using Mirage.Commands.Runners;

namespace Mirage.Commands;

/// <summary>The file and stream commands (coreutils, findutils, diffutils side).</summary>
public static class FileSystemCommands
{
    public static IEnumerable<ICommand> All() =>
    [
        new CatCommand(),
        new LsCommand(),
        new HeadCommand(),
        new TailCommand(),
        new WcCommand(),
        new MkdirCommand(),
        new ChmodCommand(),
        new RmdirCommand(),
        new RmCommand(),
        new CpCommand(),
        new MvCommand(),
        new TouchCommand(),
        new FindCommand(),
        new DiffCommand(),
        new CmpCommand(),
        new TeeCommand(),
        new RealpathCommand("realpath"),
        new RealpathCommand("readlink"),
        new MktempCommand(),
        new LnCommand(),
        new ChecksumCommand("md5sum"),
        new ChecksumCommand("sha1sum"),
        new ChecksumCommand("sha256sum"),
        new ChecksumCommand("sha512sum"),
        new Base64Command(),
        new OdCommand(),
        new XxdCommand(),
        new FileCommand(),
        new SplitCommand(),
        new TarCommand(),
        new GzipCommand("gzip"),
        new GzipCommand("gunzip"),
        new GzipCommand("zcat"),
        new TreeCommand(),
        new DfCommand(),
        new SeqCommand(),
        new DateCommand(),
        new BasenameCommand(),
        new DirnameCommand(),
        new DuCommand(),
        new StatCommand(),
        new SleepCommand(),
        new TimeoutCommand(),
        new DdCommand(),
        new TruncateCommand(),
        new UnlinkCommand(),
        new LinkCommand(),
        new InstallCommand(),
        new YesCommand(),
        new EnvCommand(),
        new PrintenvCommand(),
        new UnameCommand(),
        new HostInfoCommand("nproc"),
        new HostInfoCommand("whoami"),
        new HostInfoCommand("hostname"),
        new TrueCommand("true", 0),
        new TrueCommand("false", 1),
    ];
}
