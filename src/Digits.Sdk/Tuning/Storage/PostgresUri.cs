using System.Globalization;
using Npgsql;

namespace Digits.Sdk.Tuning.Storage;

/// <summary>
/// Reads the connection URIs that <c>psql</c> and libpq take,
/// <c>postgresql://[user[:password]@][host][:port][/database][?name=value&amp;...]</c>, into Npgsql's connection
/// settings, which have no URI form of their own.
/// </summary>
internal static class PostgresUri
{
    private static readonly string[] Parameters = ["sslmode", "connect_timeout", "application_name", "user", "password", "host", "port", "dbname"];

    public static NpgsqlConnectionStringBuilder Parse(string uri)
    {
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        var rest = uri[(scheme + 3)..];
        var builder = new NpgsqlConnectionStringBuilder();

        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var parameters = query >= 0 ? rest[(query + 1)..] : string.Empty;
        rest = query >= 0 ? rest[..query] : rest;

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var database = Decode(rest[(slash + 1)..]);
            if (database.Length > 0)
            {
                builder.Database = database;
            }

            rest = rest[..slash];
        }

        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var user = rest[..at];
            var colon = user.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Decode(colon >= 0 ? user[..colon] : user);
            if (colon >= 0)
            {
                builder.Password = Decode(user[(colon + 1)..]);
            }

            rest = rest[(at + 1)..];
        }

        if (rest.Contains(',', StringComparison.Ordinal))
        {
            throw new FormatException("A study storage takes one PostgreSQL host, not a list.");
        }

        // An IPv6 address comes in brackets, so its colons are not the port's.
        var portColon = rest.StartsWith('[') ? rest.IndexOf("]:", StringComparison.Ordinal) + 1 : rest.LastIndexOf(':');
        if (portColon > 0)
        {
            builder.Port = ParsePort(rest[(portColon + 1)..]);
            rest = rest[..portColon];
        }

        if (rest.Length > 0)
        {
            builder.Host = Decode(rest.Trim('[', ']'));
        }

        foreach (var pair in parameters.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals >= 0 ? pair[..equals] : pair);
            var value = equals >= 0 ? Decode(pair[(equals + 1)..]) : string.Empty;
            Apply(builder, name, value);
        }

        return builder;
    }

    private static void Apply(NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        switch (name)
        {
            case "sslmode":
                builder.SslMode = value.Replace("-", string.Empty, StringComparison.Ordinal) is var mode && Enum.TryParse<SslMode>(mode, ignoreCase: true, out var sslMode)
                    ? sslMode
                    : throw new FormatException($"sslmode={value} is not an SSL mode; use disable, allow, prefer, require, verify-ca or verify-full.");
                break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 1024
                    ? seconds
                    : throw new FormatException($"connect_timeout={value} must be a whole number of seconds from 1 to 1024.");
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "host":
                builder.Host = value;
                break;
            case "port":
                builder.Port = ParsePort(value);
                break;
            case "dbname":
                builder.Database = value;
                break;
            default:
                throw new FormatException($"'{name}' is not a connection parameter a study storage takes; use {string.Join(", ", Parameters)}.");
        }
    }

    private static int ParsePort(string text)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new FormatException($"'{text}' is not a port: give a number from 1 to 65535.");

    // Uri.UnescapeDataString leaves a broken escape as it is rather than throwing, as libpq does.
    private static string Decode(string text) => Uri.UnescapeDataString(text);
}
