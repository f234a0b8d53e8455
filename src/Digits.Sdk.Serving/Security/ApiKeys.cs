using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Digits.Sdk.Serving.Security;

/// <summary>
/// The API keys a service accepts, held only as SHA-256 hashes: a key is compared by hashing what a client presents and
/// comparing the hashes in constant time, against every key, so neither the keys nor their timing leak.
/// </summary>
/// <remarks>
/// A key file has one key per line: the key itself, or <c>sha256:</c> and its hash in hexadecimal (what
/// <c>printf %s "$KEY" | sha256sum</c> prints), so the file need not hold the keys at all. Blank lines and lines starting
/// with <c>#</c> are skipped.
/// </remarks>
/// <example>
/// <code>
/// builder.Services.AddDigitClassifier(options => options.ApiKeys = ApiKeys.FromFile("/run/secrets/digits-keys"));
/// </code>
/// </example>
public sealed class ApiKeys
{
    private const string HashPrefix = "sha256:";

    private readonly byte[][] hashes;

    private ApiKeys(byte[][] hashes) => this.hashes = hashes;

    /// <summary>How many keys are accepted.</summary>
    public int Count => hashes.Length;

    /// <summary>Accepts the given keys.</summary>
    /// <param name="keys">At least one key, each at least 16 characters (a short key is guessed).</param>
    /// <exception cref="ArgumentException">No key, or one is too short or has white space around it.</exception>
    public static ApiKeys Of(params IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (KeyProblem(list[i]) is { } problem)
            {
                throw new ArgumentException($"Key {i + 1}: {problem}", nameof(keys));
            }
        }

        return list.Count == 0
            ? throw new ArgumentException("Give at least one API key.", nameof(keys))
            : new ApiKeys([.. list.Select(Hash)]);
    }

    /// <summary>Reads the keys of a key file (see the remarks).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">A line is neither a key nor a well-formed hash, or the file holds no key; the message names the line.</exception>
    public static ApiKeys FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no API key file '{path}'.", path);
        }

        var hashes = new List<byte[]>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var hex = line[HashPrefix.Length..];
                hashes.Add(hex.Length == 64 && hex.All(char.IsAsciiHexDigit)
                    ? Convert.FromHexString(hex)
                    : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' line {i + 1}: a hash is 'sha256:' and 64 hexadecimal digits, not {hex.Length} characters.")));
                continue;
            }

            hashes.Add(KeyProblem(line) is { } problem
                ? throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' line {i + 1}: {problem}"))
                : Hash(line));
        }

        return hashes.Count == 0
            ? throw new InvalidDataException($"'{path}' holds no API key: give one key (or 'sha256:' and its hash) per line.")
            : new ApiKeys([.. hashes]);
    }

    /// <summary>Whether <paramref name="presented"/> is one of the keys, in time that depends on neither.</summary>
    /// <param name="presented">What the client sent.</param>
    public bool Accepts(string presented)
    {
        ArgumentNullException.ThrowIfNull(presented);
        var hash = Hash(presented);
        var accepted = false;
        foreach (var known in hashes)
        {
            // Every key is compared, so the time does not say which one matched, nor where the first difference was.
            accepted |= CryptographicOperations.FixedTimeEquals(hash, known);
        }

        return accepted;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string? KeyProblem(string key) =>
        key is null ? "a key is missing."
        : key.Length < 16 ? $"a key has at least 16 characters, but this one has {key.Length}; use a random one, e.g. openssl rand -hex 32."
        : key.Trim() != key || key.Any(char.IsWhiteSpace) ? "a key has no white space in it."
        : null;
}
