using Digits.Sdk.Tuning;
using Digits.Sdk.Tuning.Storage;

namespace Digits.Sdk.Tests.Tuning.Studies;

/// <summary>How a storage is written (<c>--storage</c>, <see cref="StudyStorage.Parse"/>) and shown, never with its password.</summary>
public sealed class StudyStorageTests
{
    [Fact]
    public void A_sqlite_storage_names_its_file_by_full_path()
    {
        var storage = StudyStorage.Parse("sqlite:runs/studies.db");

        Assert.False(storage.IsPostgreSql);
        Assert.Equal("sqlite:" + Path.GetFullPath("runs/studies.db"), storage.ToString());
    }

    [Theory]
    [InlineData("postgresql://digits:s%40cret@db.example:6543/studies?sslmode=require&connect_timeout=7", "db.example", 6543, "digits", "s@cret", "studies")]
    [InlineData("postgres://digits@10.0.0.5/studies", "10.0.0.5", 5432, "digits", null, "studies")]
    [InlineData("postgresql://[::1]:5433/studies", "::1", 5433, null, null, "studies")]
    [InlineData("postgresql:///studies?host=db&port=5434&user=me", "db", 5434, "me", null, "studies")]
    public void A_postgresql_uri_is_read_as_psql_reads_it(string uri, string host, int port, string? user, string? password, string database)
    {
        var settings = PostgresUri.Parse(uri);

        Assert.Equal(host, settings.Host);
        Assert.Equal(port, settings.Port);
        Assert.Equal(user, settings.Username);
        Assert.Equal(password, settings.Password);
        Assert.Equal(database, settings.Database);
    }

    [Fact]
    public void A_postgresql_storage_is_shown_without_its_password()
    {
        var storage = StudyStorage.Parse("postgresql://digits:hunter2@db.example/studies?sslmode=require");

        Assert.True(storage.IsPostgreSql);
        Assert.Equal("postgresql://digits@db.example:5432/studies", storage.ToString());
    }

    [Theory]
    [InlineData("mysql://db/studies", "is not a study storage")]
    [InlineData("sqlite:", "names no file")]
    [InlineData("postgresql://db:99999/studies", "'99999' is not a port")]
    [InlineData("postgresql://db/studies?pool=3", "'pool' is not a connection parameter")]
    [InlineData("postgresql://db/studies?sslmode=sometimes", "sslmode=sometimes is not an SSL mode")]
    [InlineData("postgresql:///studies", "needs a host")]
    public void A_storage_that_cannot_be_read_says_why(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StudyStorage.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_that_is_refused_does_not_repeat_its_password()
    {
        var error = Assert.Throws<FormatException>(() => StudyStorage.Parse("mysql://digits:hunter2@db/studies"));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
