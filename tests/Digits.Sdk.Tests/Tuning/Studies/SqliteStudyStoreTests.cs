using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Tuning;
using Microsoft.Data.Sqlite;

namespace Digits.Sdk.Tests.Tuning.Studies;

/// <summary>The store contract on a SQLite file in a fresh folder, and what only a file can get wrong.</summary>
public sealed class SqliteStudyStoreTests : StudyStoreContract
{
    private readonly TemporaryFolder folder = new("digits-study");

    private string DatabasePath => folder.File("studies.db");

    protected override StudyStorage Storage => StudyStorage.Sqlite(DatabasePath);

    public override void Dispose()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public void Reading_a_study_from_a_file_that_does_not_exist_does_not_create_it()
    {
        var error = Assert.Throws<StudyNotFoundException>(() => Study.Open(Storage, "lr"));

        Assert.Contains("no study named 'lr'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
        Assert.Empty(Study.List(Storage));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_named_as_such()
    {
        File.WriteAllText(DatabasePath, "these are not the tables you are looking for, and this line is long enough to be a header");

        var error = Assert.Throws<StudyStorageException>(() => Study.List(Storage));

        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
    }

    protected override void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected override IReadOnlyList<string> Tables()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
