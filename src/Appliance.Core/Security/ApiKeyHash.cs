using System.Security.Cryptography;
using System.Text;

namespace Appliance.Core.Security;

/// <summary>
/// API keys and the salted hashes the configuration stores instead of them. A key is
/// <c>apk_</c> followed by 32 random bytes in base64url (256 bits of entropy); its stored
/// form is <c>hmac-sha256$&lt;salt&gt;$&lt;hash&gt;</c>: HMAC-SHA256 of the key under a
/// 16-byte random salt, both base64. A key this random cannot be guessed from its hash, so
/// the hash is fast on purpose: a slow password hash (PBKDF2) would let any caller burn
/// the box's CPU by sending wrong keys. Comparison is constant-time.
/// </summary>
public static class ApiKeyHash
{
    /// <summary>Prefix of every generated key (lets secret scanners find leaked keys).</summary>
    public const string KeyPrefix = "apk_";

    /// <summary>Scheme tag at the start of a stored hash.</summary>
    public const string Scheme = "hmac-sha256";

    /// <summary>Shortest key <see cref="Hash"/> accepts: keys are secrets, not passwords.</summary>
    public const int MinimumKeyLength = 32;

    private const int SaltBytes = 16;
    private const int KeyBytes = 32;
    private const int HashBytes = 32;

    /// <summary>A new random key.</summary>
    public static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The stored form of <paramref name="key"/> under a fresh random salt.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"an API key must be at least {MinimumKeyLength} characters (generate one with 'appliancectl keys new')", nameof(key));
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return $"{Scheme}${Convert.ToBase64String(salt)}${Convert.ToBase64String(Compute(salt, key))}";
    }

    /// <summary>Parses a stored hash; null with <paramref name="problem"/> set when it is malformed.</summary>
    public static ParsedApiKeyHash? Parse(string? stored, out string? problem)
    {
        problem = null;
        var parts = (stored ?? "").Split('$');
        if (parts.Length != 3 || parts[0] != Scheme)
        {
            problem = $"must look like {Scheme}$<salt>$<hash> (made by 'appliancectl keys new' or 'appliancectl keys hash'), never the key itself";
            return null;
        }

        var salt = FromBase64(parts[1]);
        var hash = FromBase64(parts[2]);
        if (salt is not { Length: SaltBytes } || hash is not { Length: HashBytes })
        {
            problem = $"has a salt or hash of the wrong length (expected {SaltBytes} and {HashBytes} bytes in base64)";
            return null;
        }

        return new ParsedApiKeyHash(salt, hash);
    }

    /// <summary>HMAC-SHA256 of the key's UTF-8 bytes under <paramref name="salt"/>.</summary>
    internal static byte[] Compute(ReadOnlySpan<byte> salt, string key)
    {
        var hash = new byte[HashBytes];
        Compute(salt, key, hash);
        return hash;
    }

    /// <summary>HMAC-SHA256 of the key's UTF-8 bytes under <paramref name="salt"/> into <paramref name="hash"/> (32 bytes); no allocation for keys up to 256 bytes.</summary>
    internal static void Compute(ReadOnlySpan<byte> salt, string key, Span<byte> hash)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        var bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        try
        {
            Encoding.UTF8.GetBytes(key, bytes);
            HMACSHA256.HashData(salt, bytes, hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static byte[]? FromBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A stored API key hash: its salt and HMAC.</summary>
public sealed class ParsedApiKeyHash
{
    private readonly byte[] _salt;
    private readonly byte[] _hash;

    internal ParsedApiKeyHash(byte[] salt, byte[] hash)
    {
        _salt = salt;
        _hash = hash;
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData([.. salt, .. hash], digest);
        Fingerprint = Convert.ToHexStringLower(digest[..4]);
    }

    /// <summary>
    /// A short name of this stored hash (8 hex digits of SHA-256 over its salt and HMAC): the audit log names a key
    /// <c>api-key &lt;fingerprint&gt;</c>, which stays the same key whatever its position in the list and however
    /// keys are rotated. It says nothing about the key itself. <c>appliancectl keys new</c>/<c>keys hash</c> print it.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>Whether <paramref name="key"/> is the key this hash was made from (constant time in the hash comparison).</summary>
    public bool Matches(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> computed = stackalloc byte[32];
        ApiKeyHash.Compute(_salt, key, computed);
        return CryptographicOperations.FixedTimeEquals(computed, _hash);
    }
}
