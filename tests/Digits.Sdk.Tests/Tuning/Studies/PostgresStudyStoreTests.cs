using System.Net;
using System.Net.Sockets;
using Digits.Sdk.Tuning;

namespace Digits.Sdk.Tests.Tuning.Studies;

/// <summary>The store contract on a fresh PostgreSQL database, and what only a server can get wrong.</summary>
public sealed class PostgresStudyStoreTests : StudyStoreContract, IPostgresTests
{
    private readonly Lazy<PostgresDatabase> database = new(() => new PostgresDatabase());

    protected override StudyStorage Storage => database.Value.Storage;

    public override void Dispose()
    {
        if (database.IsValueCreated)
        {
            database.Value.Dispose();
        }
    }

    // A plain fact: a closed port needs no PostgreSQL, so it runs (and guards the message) everywhere.
    [Fact]
    public void An_unreachable_server_is_one_clear_error()
    {
        var storage = StudyStorage.Parse($"postgresql://digits:secret@127.0.0.1:{ClosedPort()}/studies");

        var error = Assert.Throws<StudyStorageException>(() => Study.List(storage));

        Assert.StartsWith("Cannot reach PostgreSQL at 127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Is the server running", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public void A_wrong_password_is_one_clear_error_and_never_shown()
    {
        var settings = PostgresServer.Settings;
        var storage = StudyStorage.Parse($"postgresql://{settings.Username}:not-the-password@{settings.Host}:{settings.Port}/{database.Value.Name}");

        var error = Assert.Throws<StudyStorageException>(() => Study.List(storage));

        Assert.Equal($"PostgreSQL at {settings.Host}:{settings.Port} refused the password of user '{settings.Username}'. Check the password in the storage URI, in PGPASSWORD or in ~/.pgpass.", error.Message);
        Assert.Empty(database.Value.Query("SELECT tablename FROM pg_tables WHERE tablename LIKE 'digits%'"));
    }

    protected override void Execute(string sql) => database.Value.Execute(sql);

    protected override IReadOnlyList<string> Tables()
        => database.Value.Query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");

    /// <summary>A port on 127.0.0.1 that nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
