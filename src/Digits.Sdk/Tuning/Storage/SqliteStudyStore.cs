using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Digits.Sdk.Tuning.Storage;

/// <summary>
/// Studies in a SQLite file: the default, for the workers of one machine. A claim takes SQLite's write lock
/// (<c>BEGIN IMMEDIATE</c>), so claims from several processes happen one after the other; the file is in WAL mode, so
/// readers (<c>digits study show</c>) never wait for a writer.
/// </summary>
internal sealed class SqliteStudyStore : RelationalStudyStore
{
    /// <summary>How long a write waits for another process's lock before giving up.</summary>
    private const int BusyTimeoutSeconds = 60;

    private readonly string path;
    private readonly string connectionString;
    private readonly string? readOnlyMediaConnectionString;
    private volatile bool onReadOnlyMedia;

    /// <param name="path">The database file.</param>
    /// <param name="display">The storage as the user wrote it, for messages.</param>
    /// <param name="create">Whether a worker may create the file and the tables (its folder must exist).</param>
    /// <param name="readOnly">Whether only reads follow (<c>study show</c>, <c>list</c>, <c>export</c>), which then work on a read-only file or mount.</param>
    /// <exception cref="StudyStorageException"><paramref name="create"/> and the file's folder does not exist.</exception>
    public SqliteStudyStore(string path, string display, bool create, bool readOnly = false)
        : base(display, create)
    {
        this.path = path;

        // A typo in the folder must not quietly start a second study in a new folder, splitting the workers.
        if (create && Path.GetDirectoryName(path) is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            throw new StudyStorageException($"The folder '{folder}' of the study database '{path}' does not exist: create it, or check the path.");
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = BusyTimeoutSeconds,
        };
        connectionString = builder.ToString();
        if (readOnly)
        {
            // A WAL database opens read-only only where SQLite can create its -shm file beside it; on a read-only file
            // system nothing can write it anyway, and SQLite's immutable flag reads the file as it is, without locks.
            builder.DataSource = new Uri(path).AbsoluteUri + "?immutable=1";
            readOnlyMediaConnectionString = builder.ToString();
        }
    }

    /// <inheritdoc/>
    protected override string Now => "unixepoch('subsec')";

    /// <inheritdoc/>
    protected override string SkipLocked => string.Empty;

    /// <inheritdoc/>
    protected override bool Exists => File.Exists(path);

    /// <inheritdoc/>
    protected override IReadOnlyList<string> SchemaStatements { get; } =
    [
        "CREATE TABLE digits_schema (version INTEGER NOT NULL, written_by TEXT NOT NULL)",
        """
        CREATE TABLE digits_studies (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            plan TEXT NOT NULL,
            network TEXT NOT NULL,
            strategy TEXT NOT NULL,
            planned_trials INTEGER NOT NULL,
            created_at REAL NOT NULL,
            created_by TEXT NOT NULL)
        """,
        """
        CREATE TABLE digits_trials (
            study_id INTEGER NOT NULL REFERENCES digits_studies (id),
            number INTEGER NOT NULL,
            configuration INTEGER NOT NULL,
            rung INTEGER NOT NULL,
            epochs INTEGER NOT NULL,
            parameters TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'complete', 'failed')),
            attempt INTEGER NOT NULL,
            expirations INTEGER NOT NULL,
            worker TEXT,
            machine TEXT,
            started_at REAL,
            heartbeat_at REAL,
            lease_until REAL,
            progress TEXT,
            finished_at REAL,
            training_seconds REAL,
            validation_accuracy REAL,
            validation_loss REAL,
            history TEXT,
            recipe TEXT,
            error TEXT,
            PRIMARY KEY (study_id, number),
            UNIQUE (study_id, configuration, rung))
        """,
        "CREATE INDEX digits_trials_by_state ON digits_trials (study_id, state, rung, number)",
        """
        CREATE TABLE digits_attempts (
            study_id INTEGER NOT NULL,
            trial INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            worker TEXT NOT NULL,
            machine TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL,
            outcome TEXT NOT NULL CHECK (outcome IN ('running', 'complete', 'failed', 'expired', 'released')),
            error TEXT,
            PRIMARY KEY (study_id, trial, attempt),
            FOREIGN KEY (study_id, trial) REFERENCES digits_trials (study_id, number))
        """,
        """
        CREATE TABLE digits_checkpoints (
            study_id INTEGER NOT NULL,
            trial INTEGER NOT NULL,
            bytes BLOB NOT NULL,
            PRIMARY KEY (study_id, trial),
            FOREIGN KEY (study_id, trial) REFERENCES digits_trials (study_id, number))
        """,
    ];

    /// <inheritdoc/>
    public override void Dispose()
    {
        // Pooled connections keep the file open; a test or a user deleting the database afterwards needs them closed.
        using var connection = new SqliteConnection(onReadOnlyMedia ? readOnlyMediaConnectionString : connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <inheritdoc/>
    protected override DbConnection Open()
    {
        if (onReadOnlyMedia)
        {
            return Connect(readOnlyMediaConnectionString!);
        }

        try
        {
            return Connect(connectionString);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SQLitePCL.raw.SQLITE_CANTOPEN && readOnlyMediaConnectionString is not null && File.Exists(path))
        {
            onReadOnlyMedia = true;
            return Connect(readOnlyMediaConnectionString);
        }
    }

    private static SqliteConnection Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();

            // WAL with synchronous=NORMAL survives a killed process (the case this store is for) and only a power
            // cut can lose the last commits, never corrupt the file; FULL would sync to disk at every heartbeat.
            NonQuery(connection, null, "PRAGMA synchronous = NORMAL");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    protected override DbTransaction BeginWrite(DbConnection connection)
        => ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false);

    /// <inheritdoc/>
    protected override DbTransaction BeginRead(DbConnection connection)
        => ((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: true);

    /// <inheritdoc/>
    protected override bool TableExists(DbConnection connection, DbTransaction? transaction, string table)
        => Convert.ToInt64(Scalar(connection, transaction, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name", ("@name", table)), System.Globalization.CultureInfo.InvariantCulture) > 0;

    /// <inheritdoc/>
    protected override void PrepareForWriting(DbConnection connection)
        => NonQuery(connection, null, "PRAGMA journal_mode = WAL");

    /// <inheritdoc/>
    protected override StudyStorageException Translate(DbException error)
    {
        var code = error is SqliteException sqlite ? sqlite.SqliteErrorCode : 0;
        var message = code switch
        {
            SQLitePCL.raw.SQLITE_CANTOPEN => $"Cannot open the study database '{path}': check that its folder exists and that this user may write there.",
            SQLitePCL.raw.SQLITE_NOTADB => $"'{path}' is not a SQLite database, so it holds no studies: give --storage a new file, or one a worker created.",
            SQLitePCL.raw.SQLITE_CORRUPT => $"The study database '{path}' is damaged (SQLite reports corruption): {error.Message}",
            SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED => $"The study database '{path}' stayed locked by another process for over {BusyTimeoutSeconds} s; is a process stuck holding it?",
            SQLitePCL.raw.SQLITE_READONLY => $"The study database '{path}' is read-only to this user, but a worker must write to it.",
            SQLitePCL.raw.SQLITE_FULL => $"The disk holding the study database '{path}' is full.",
            _ => $"The study database '{path}' failed: {error.Message}",
        };
        return new StudyStorageException(message, error);
    }
}
