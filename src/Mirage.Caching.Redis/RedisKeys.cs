using System.Security.Cryptography;
using System.Text;

namespace Mirage.Caching.Redis;

internal static class RedisKeys
{
    /// <summary>A short fixed-length stand-in for a long key part (a namespace, a path and fingerprint).</summary>
    public static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
