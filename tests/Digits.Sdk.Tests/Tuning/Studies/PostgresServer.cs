using Digits.Sdk.Tuning;
using Npgsql;

namespace Digits.Sdk.Tests.Tuning.Studies;

/// <summary>
/// The PostgreSQL server the study tests use: <c>DIGITS_TEST_POSTGRES</c>, a connection URI that <c>.ci/run</c> sets
/// after starting a throwaway cluster on 127.0.0.1 (<c>.ci/postgres</c>). Every test gets a database of its own,
/// dropped afterwards.
/// </summary>
/// <remarks>
/// Outside CI a developer without PostgreSQL sees these tests skipped, with the command that starts one; in CI
/// (<c>CI=true</c>) they are never skipped, and without the variable they fail with the same message.
/// </remarks>
internal static class PostgresServer
{
    public const string Variable = "DIGITS_TEST_POSTGRES";

    private const string Missing = $"{Variable} is not set: start a throwaway PostgreSQL with `eval \"$(bash .ci/postgres start)\"` (Debian: apt-get install postgresql); .ci/run does this.";

    /// <summary>Why PostgreSQL tests are skipped here, or null when they run.</summary>
    public static string? SkipReason
        => Uri is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ? Missing : null;

    /// <summary>The server's URI, for its <c>postgres</c> database.</summary>
    public static string? Uri => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } uri ? uri : null;

    /// <summary>The server's address, as <c>host:port</c>, with the user and password of the URI.</summary>
    public static NpgsqlConnectionStringBuilder Settings
    {
        get
        {
            var uri = new Uri(Uri ?? throw new InvalidOperationException(Missing));
            var user = uri.UserInfo.Split(':', 2);
            return new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.Port,
                Username = System.Uri.UnescapeDataString(user[0]),
                Password = user.Length > 1 ? System.Uri.UnescapeDataString(user[1]) : null,
                Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } database ? database : "postgres",
                Pooling = false,
            };
        }
    }
}

/// <summary>A fresh database on <see cref="PostgresServer"/>, dropped (with any connections left) on dispose.</summary>
internal sealed class PostgresDatabase : IDisposable
{
    public PostgresDatabase()
    {
        Name = $"digits_test_{Guid.NewGuid():N}";
        Admin($"CREATE DATABASE {Name}");
        var settings = PostgresServer.Settings;
        Uri = $"postgresql://{System.Uri.EscapeDataString(settings.Username!)}:{System.Uri.EscapeDataString(settings.Password ?? string.Empty)}@{settings.Host}:{settings.Port}/{Name}";
        Storage = StudyStorage.Parse(Uri);
    }

    public string Name { get; }

    /// <summary>The URI of the database, with the password, as a worker would be given it.</summary>
    public string Uri { get; }

    public StudyStorage Storage { get; }

    /// <summary>Runs SQL in this database.</summary>
    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(Connection().ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query in this database and returns its first column.</summary>
    public IReadOnlyList<string> Query(string sql)
    {
        using var connection = new NpgsqlConnection(Connection().ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private NpgsqlConnectionStringBuilder Connection()
    {
        var settings = PostgresServer.Settings;
        settings.Database = Name;
        return settings;
    }

    private static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresServer.Settings.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
