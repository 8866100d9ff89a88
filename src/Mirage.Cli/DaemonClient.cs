using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mirage.Server;

namespace Mirage.Cli;

/// <summary>A refusal or failure to tell the user in one line (or one line per configuration error), with the exit status.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = 1, IReadOnlyList<string>? lines = null)
        : base(message)
    {
        ExitCode = exitCode;
        Lines = lines is { Count: > 0 } ? lines : [message];
    }

    public CliException()
        : this("failed")
    {
    }

    public CliException(string message)
        : this(message, 1)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = 1;
        Lines = [message];
    }

    public int ExitCode { get; }

    public IReadOnlyList<string> Lines { get; }
}

/// <summary>
/// Talks to the daemon over HTTP with the token from $MIRAGE_HOME/auth_token, starting it first (as
/// <c>mirage daemon serve</c> in the background) when the URL is local and nothing answers.
/// </summary>
internal sealed class DaemonClient : IDisposable
{
    /// <summary>snake_case as the daemon speaks it; the API's shapes from <see cref="CliJsonContext"/>, anything else by reflection.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CliJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly HttpClient _http;

    public DaemonClient(DaemonPaths paths)
    {
        Paths = paths;
        _http = new HttpClient { BaseAddress = new Uri(paths.Url.ToString().TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public DaemonPaths Paths { get; }

    public static DaemonClient FromEnvironment()
    {
        try
        {
            return new DaemonClient(DaemonPaths.FromEnvironment());
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, 2);
        }
    }

    /// <summary>A client to a running daemon, started now if needed.</summary>
    public static async Task<DaemonClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = FromEnvironment();
        try
        {
            await client.EnsureRunningAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The daemon's health, or null when nothing answers at the URL.</summary>
    public async Task<HealthResponse?> TryHealthAsync(CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, "v1/health");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new CliException($"the daemon at {Paths.Url} refused the token in {Paths.TokenFile} (was it started with another MIRAGE_HOME?)");
            if (!response.IsSuccessStatusCode) return null;
            try
            {
                return await response.Content.ReadFromJsonAsync<HealthResponse>(Json, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                throw new CliException($"something other than a mirage daemon answers at {Paths.Url}");
            }
        }
    }

    public async Task<HealthResponse> EnsureRunningAsync(CancellationToken cancellationToken)
    {
        if (await TryHealthAsync(cancellationToken).ConfigureAwait(false) is { } health) return health;
        if (!Paths.IsLocal) throw new CliException($"cannot reach the daemon at {Paths.Url}");
        var pid = StartDaemonProcess();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            if (await TryHealthAsync(cancellationToken).ConfigureAwait(false) is { } started) return started;
            if (!IsAlive(pid))
                throw new CliException($"the daemon could not start: {LastLogLine() ?? "it exited at once"} (log: {Paths.LogFile})");
        }
        throw new CliException($"the daemon did not answer at {Paths.Url} within {StartTimeout.TotalSeconds:0} s (log: {Paths.LogFile})");
    }

    /// <summary>Starts `mirage daemon serve` detached from this process's terminal and output, logging to daemon.log.</summary>
    private int StartDaemonProcess()
    {
        Directory.CreateDirectory(Paths.Home);
        var executable = Environment.ProcessPath ?? throw new CliException("cannot find the mirage executable to start the daemon");
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The background child gets /dev/null and the log as its standard streams, so a caller reading this
        // command's output is not kept waiting by the daemon; setsid keeps the terminal's signals away from it.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=$1; shift; if command -v setsid >/dev/null 2>&1; then set -- setsid \"$@\"; fi; \"$@\" </dev/null >>\"$log\" 2>&1 & echo $!");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(Paths.LogFile);
        start.ArgumentList.Add(executable);
        if (Path.GetFileNameWithoutExtension(executable) == "dotnet") start.ArgumentList.Add(typeof(DaemonClient).Assembly.Location);
        start.ArgumentList.Add("daemon");
        start.ArgumentList.Add("serve");
        using var shell = Process.Start(start) ?? throw new CliException("cannot start the daemon: /bin/sh did not start");
        shell.StandardInput.Close();
        var output = shell.StandardOutput.ReadToEnd();
        shell.WaitForExit();
        return int.TryParse(output.Trim(), out var pid) ? pid : throw new CliException($"cannot start the daemon: {shell.StandardError.ReadToEnd().Trim()}");
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private string? LastLogLine()
    {
        try
        {
            return File.ReadLines(Paths.LogFile).LastOrDefault(line => line.Trim().Length > 0)?.Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    public HttpRequestMessage NewRequest(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (Paths.ReadToken() is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>Sends a request; an error answer becomes a <see cref="CliException"/> carrying the daemon's reason.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach the daemon at {Paths.Url}: {e.Message}");
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            ErrorResponse? error = null;
            try
            {
                error = await response.Content.ReadFromJsonAsync<ErrorResponse>(Json, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
            {
                // Not one of ours: the status alone says it.
            }
            var status = (int)response.StatusCode;
            var exitCode = status is 400 or 409 or 413 or 415 or 422 ? 2 : 1;
            var detail = error?.Detail ?? $"the daemon answered {status} {response.ReasonPhrase}";
            throw new CliException(detail, exitCode, error?.Errors);
        }
    }

    public async Task<T> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = NewRequest(method, path, body is null ? null : JsonContent.Create(body, body.GetType(), options: Json));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException("the daemon sent an empty answer");
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Runs a verb's body, turning refusals into "mirage: ..." lines on stderr and an exit status.</summary>
internal static class Verb
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliException e)
        {
            foreach (var line in e.Lines) await Console.Error.WriteLineAsync($"mirage: {line}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or JsonException or UnauthorizedAccessException or FormatException)
        {
            await Console.Error.WriteLineAsync($"mirage: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    public static string Escape(string segment) => Uri.EscapeDataString(segment);
}
