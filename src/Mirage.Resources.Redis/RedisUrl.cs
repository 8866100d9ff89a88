using StackExchange.Redis;

namespace Mirage.Resources.Redis;

/// <summary>redis:// and rediss:// URLs, or StackExchange.Redis configuration strings ("host:port,password=...").</summary>
public static class RedisUrl
{
    public static ConfigurationOptions Parse(string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (!url.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
            return ConfigurationOptions.Parse(url);
        var uri = new Uri(url);
        var options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        options.EndPoints.Add(uri.Host, uri.Port > 0 ? uri.Port : 6379);
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            if (parts.Length == 2)
            {
                if (parts[0].Length > 0) options.User = Uri.UnescapeDataString(parts[0]);
                options.Password = Uri.UnescapeDataString(parts[1]);
            }
            else
            {
                options.Password = Uri.UnescapeDataString(parts[0]);
            }
        }
        if (int.TryParse(uri.AbsolutePath.Trim('/'), out var database)) options.DefaultDatabase = database;
        return options;
    }

    /// <summary>
    /// Options for a connection that fails fast with one clear error: every timeout set to <paramref name="timeout"/>,
    /// and no queueing against a server that is not there.
    /// </summary>
    public static ConfigurationOptions ParseFailingFast(string url, TimeSpan timeout)
    {
        var configuration = Parse(url);
        var milliseconds = (int)timeout.TotalMilliseconds;
        configuration.ConnectTimeout = milliseconds;
        configuration.SyncTimeout = milliseconds;
        configuration.AsyncTimeout = milliseconds;
        configuration.AbortOnConnectFail = true;
        configuration.ConnectRetry = 1;
        return configuration;
    }

    /// <summary>The URL without its password, for messages.</summary>
    public static string Redact(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
            return url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal);
        var password = url.IndexOf("password=", StringComparison.OrdinalIgnoreCase);
        if (password < 0) return url;
        var end = url.IndexOf(',', password);
        return url[..(password + 9)] + "***" + (end < 0 ? "" : url[end..]);
    }
}
