using System.Globalization;
using Digits.Sdk.Tuning.Storage;
using Npgsql;

namespace Digits.Sdk.Tuning;

/// <summary>
/// Where studies are kept: a SQLite file (one machine; the default) or a PostgreSQL database that workers on many
/// machines share. The SDK creates and versions its tables itself (all named <c>digits_*</c>), so an empty file or
/// database is enough.
/// </summary>
/// <example>
/// <code>
/// var local = StudyStorage.Sqlite("studies.db");
/// var shared = StudyStorage.Parse("postgresql://digits@db.example:5432/studies");
/// var study = Study.Open(shared, "fastcnn-lr");
/// </code>
/// </example>
public sealed class StudyStorage
{
    /// <summary>The SQLite file <c>digits tune --study</c> uses when no storage is given.</summary>
    public const string DefaultSqliteFile = "studies.db";

    private const string SqlitePrefix = "sqlite:";

    private readonly string? sqlitePath;
    private readonly NpgsqlConnectionStringBuilder? postgres;

    private StudyStorage(string? sqlitePath, NpgsqlConnectionStringBuilder? postgres)
    {
        this.sqlitePath = sqlitePath;
        this.postgres = postgres;
    }

    /// <summary>Whether the studies live in PostgreSQL (shared by machines) rather than a SQLite file.</summary>
    public bool IsPostgreSql => postgres is not null;

    /// <summary>A SQLite file, created when the first worker joins a study; its folder must exist by then.</summary>
    /// <param name="path">The database file, such as <c>studies.db</c>.</param>
    /// <returns>The storage.</returns>
    public static StudyStorage Sqlite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new StudyStorage(Path.GetFullPath(path), null);
    }

    /// <summary>A PostgreSQL database.</summary>
    /// <param name="connection">
    /// A URI as <c>psql</c> takes it, <c>postgresql://user[:password]@host[:port]/database[?sslmode=require]</c>, or an
    /// Npgsql connection string (<c>Host=...;Username=...;Database=...</c>). Without a password, Npgsql looks in
    /// <c>~/.pgpass</c> (or <c>PGPASSFILE</c>) and <c>PGPASSWORD</c>, which keep it off the command line.
    /// </param>
    /// <returns>The storage.</returns>
    /// <exception cref="FormatException">The URI or connection string cannot be read.</exception>
    public static StudyStorage PostgreSql(string connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        var builder = connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            ? PostgresUri.Parse(connection)
            : FromConnectionString(connection);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new FormatException("A PostgreSQL study storage needs a host, as in postgresql://user@host:5432/database.");
        }

        // A worker that cannot reach the database should say so within seconds, not hang on a dead address.
        if (!connection.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = 10;
        }

        builder.ApplicationName ??= "digits";
        return new StudyStorage(null, builder);
    }

    /// <summary>
    /// Reads a storage as the CLI's <c>--storage</c> takes it: <c>sqlite:PATH</c>, or a
    /// <c>postgresql://</c> (or <c>postgres://</c>) URI.
    /// </summary>
    /// <param name="text">The storage.</param>
    /// <returns>The storage.</returns>
    /// <exception cref="FormatException">The text is neither form, or the URI cannot be read.</exception>
    public static StudyStorage Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        text = text.Trim();
        if (text.StartsWith(SqlitePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = text[SqlitePrefix.Length..];
            return string.IsNullOrWhiteSpace(path)
                ? throw new FormatException($"'{text}' names no file: write sqlite:PATH, as in sqlite:{DefaultSqliteFile}.")
                : Sqlite(path);
        }

        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return PostgreSql(text);
        }

        throw new FormatException($"'{Redacted(text)}' is not a study storage: write sqlite:PATH (a file on this machine) or postgresql://user@host:port/database (shared by machines).");
    }

    /// <summary>The storage as <see cref="Parse"/> reads it, without any password.</summary>
    /// <returns>For example <c>sqlite:/runs/studies.db</c> or <c>postgresql://digits@db:5432/studies</c>.</returns>
    public override string ToString()
        => postgres is { } pg
            ? string.Create(CultureInfo.InvariantCulture, $"postgresql://{(string.IsNullOrEmpty(pg.Username) ? string.Empty : Uri.EscapeDataString(pg.Username) + "@")}{pg.Host}:{pg.Port}/{pg.Database ?? pg.Username ?? "postgres"}")
            : SqlitePrefix + sqlitePath;

    /// <summary>Opens the store; <paramref name="create"/> lets it create the SQLite file and the tables.</summary>
    internal IStudyStore Open(bool create)
        => postgres is { } pg ? new PostgresStudyStore(pg.ConnectionString, ToString(), create) : new SqliteStudyStore(sqlitePath!, ToString(), create);

    /// <summary>Opens the store for reads only, which a read-only SQLite file or mount allows.</summary>
    internal IStudyStore OpenForReading()
        => postgres is { } pg ? new PostgresStudyStore(pg.ConnectionString, ToString(), create: false) : new SqliteStudyStore(sqlitePath!, ToString(), create: false, readOnly: true);

    private static NpgsqlConnectionStringBuilder FromConnectionString(string connection)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException error)
        {
            throw new FormatException($"'{Redacted(connection)}' is not a PostgreSQL connection string: {error.Message}", error);
        }
    }

    /// <summary>Text the user typed, with anything that may be a password left out, for messages.</summary>
    private static string Redacted(string text)
    {
        var at = text.LastIndexOf('@');
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (at > 0 && scheme > 0 && text.IndexOf(':', scheme + 3) is var colon && colon > 0 && colon < at)
        {
            text = text[..colon] + ":***" + text[at..];
        }

        return text.Contains("password", StringComparison.OrdinalIgnoreCase) ? "(a connection string with a password)" : text;
    }
}
