namespace Mirage.Resources.Redis;

/// <summary>The Lua scripts that make each change one atomic step. Each answers "OK" or an errno-like status.</summary>
internal static class RedisScripts
{
    private const string ParentCheck = """
        if ARGV[PARENT_IS_ROOT] ~= '1' then
          local parent = redis.call('HGET', KEYS[2], 'kind')
          if not parent then return 'ENOENT_PARENT' end
          if parent ~= 'd' then return 'ENOTDIR' end
        end
        """;

    /// <summary>KEYS: entry, parent entry, parent listing, new blob. ARGV: name, size, mtime, etag, if-match, create-new, parent-is-root, grace seconds, blob key prefix.</summary>
    public static readonly string CommitFile = ParentCheck.Replace("PARENT_IS_ROOT", "7", StringComparison.Ordinal) + """

        local kind = redis.call('HGET', KEYS[1], 'kind')
        if kind == 'd' then return 'EISDIR' end
        if ARGV[6] == '1' and kind then return 'EEXIST' end
        local old = redis.call('HGET', KEYS[1], 'etag')
        if ARGV[5] ~= '' and (not kind or old ~= ARGV[5]) then return 'CONFLICT' end
        if old then redis.call('EXPIRE', ARGV[9] .. old, ARGV[8]) end
        redis.call('PERSIST', KEYS[4])
        redis.call('HSET', KEYS[1], 'kind', 'f', 'size', ARGV[2], 'mtime', ARGV[3], 'etag', ARGV[4])
        redis.call('ZADD', KEYS[3], 0, ARGV[1])
        return 'OK'
        """;

    /// <summary>KEYS: entry, parent entry, parent listing. ARGV: name, mtime, parent-is-root.</summary>
    public static readonly string CreateDirectory = ParentCheck.Replace("PARENT_IS_ROOT", "3", StringComparison.Ordinal) + """

        if redis.call('EXISTS', KEYS[1]) == 1 then return 'EEXIST' end
        redis.call('HSET', KEYS[1], 'kind', 'd', 'mtime', ARGV[2])
        redis.call('ZADD', KEYS[3], 0, ARGV[1])
        return 'OK'
        """;

    /// <summary>KEYS: entry, its own listing, parent listing. ARGV: name, grace seconds, blob key prefix.</summary>
    public const string Remove = """
        local kind = redis.call('HGET', KEYS[1], 'kind')
        if not kind then return 'ENOENT' end
        if kind == 'd' then
          if redis.call('ZCARD', KEYS[2]) > 0 then return 'ENOTEMPTY' end
          redis.call('DEL', KEYS[2])
        else
          local etag = redis.call('HGET', KEYS[1], 'etag')
          if etag then redis.call('EXPIRE', ARGV[3] .. etag, ARGV[2]) end
        end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        return 'OK'
        """;

    /// <summary>KEYS: entry. ARGV: mtime.</summary>
    public const string Touch = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 'ENOENT' end
        redis.call('HSET', KEYS[1], 'mtime', ARGV[1])
        return 'OK'
        """;
}
