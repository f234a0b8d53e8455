using System.Globalization;
using System.Net;

namespace Digits.Cli.Commands.Serving;

/// <summary>
/// The addresses of <c>digits serve --urls</c>, checked before Kestrel sees them. Kestrel listens on every interface
/// for a host name it cannot bind (<c>http://example.invalid:80</c> became <c>http://[::]:80</c>), which would expose
/// the model to every caller when the operator asked for one address; and it reports a malformed address as a
/// <c>FormatException</c> with a stack trace. Here a host must be an IP address, <c>localhost</c>, or one of the
/// explicit every-interface forms (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>), and anything else is refused in
/// one line.
/// </summary>
internal static class ListenAddresses
{
    /// <summary>The hosts that mean "every interface", as Kestrel reads them.</summary>
    private static readonly string[] EveryInterface = ["*", "+", "0.0.0.0", "[::]"];

    /// <summary>The addresses of <paramref name="urls"/> (separated by ';'), each checked.</summary>
    /// <param name="urls">What <c>--urls</c> was given.</param>
    /// <param name="error">Why the first bad address is refused, in the user's terms; null when all are good.</param>
    /// <returns>The addresses, trimmed, in order.</returns>
    public static IReadOnlyList<string> Parse(string urls, out string? error)
    {
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        error = addresses.Length == 0 ? "--urls needs at least one address, e.g. http://127.0.0.1:5000." : null;
        foreach (var address in addresses)
        {
            error ??= Check(address);
        }

        return addresses;
    }

    /// <summary>
    /// Whether <paramref name="address"/> (one that <see cref="Parse"/> accepted) listens on this machine only:
    /// <c>localhost</c>, 127.0.0.0/8 or <c>[::1]</c>. Every other address lets other machines in.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        var rest = address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
        var host = SplitPort(rest).Host;
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(bare, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>Why <paramref name="address"/> cannot be listened on, or null when it can.</summary>
    private static string? Check(string address)
    {
        const string example = "e.g. http://127.0.0.1:5000, or http://0.0.0.0:5000 for every interface";
        var separator = address.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            return $"--urls '{address}' is not an address: give scheme, host and port, {example}.";
        }

        var scheme = address[..separator];
        if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return $"--urls '{address}': digits serve does not take a certificate yet, so it serves http only; put a TLS proxy in front of an http address ({example}).";
        }

        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            return $"--urls '{address}' has the scheme '{scheme}'; digits serve listens on http addresses, {example}.";
        }

        var rest = address[(separator + 3)..].TrimEnd('/');
        if (rest.Contains('/', StringComparison.Ordinal))
        {
            return $"--urls '{address}' has a path; the service answers at the root of its address, {example}.";
        }

        var (host, port) = SplitPort(rest);
        if (port is { } text && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 65535))
        {
            return $"--urls '{address}' has the port '{text}'; a port is a number from 0 (any free port) to 65535.";
        }

        if (host.Length == 0)
        {
            return $"--urls '{address}' has no host, {example}.";
        }

        if (EveryInterface.Contains(host) || host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IsIpLiteral(host))
        {
            return null;
        }

        return $"--urls '{address}': '{host}' is not an IP address or localhost, and Kestrel would listen on every interface for it; give the address to listen on, {example}.";
    }

    /// <summary>The host and the port (null when absent) of <c>host[:port]</c>, with IPv6 literals in brackets.</summary>
    private static (string Host, string? Port) SplitPort(string authority)
    {
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return (authority, null);
            }

            var after = authority[(close + 1)..];
            return (authority[..(close + 1)], after.StartsWith(':') ? after[1..] : after.Length == 0 ? null : after);
        }

        var colon = authority.LastIndexOf(':');
        return colon < 0 ? (authority, null) : (authority[..colon], authority[(colon + 1)..]);
    }

    private static bool IsIpLiteral(string host)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        // IPAddress.TryParse takes "1" as 0.0.0.1; a dotted quad or a bracketed IPv6 literal is what an operator writes.
        return IPAddress.TryParse(bare, out var ip)
            && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? host.StartsWith('[') : bare.Count(c => c == '.') == 3);
    }
}
