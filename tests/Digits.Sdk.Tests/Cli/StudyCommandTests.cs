using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Digits.Sdk.Inference;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Training;
using Digits.Sdk.Tuning;
using Microsoft.Data.Sqlite;

namespace Digits.Sdk.Tests.Cli;

/// <summary><c>digits tune --study</c> and <c>digits study ...</c> on SQLite files: reading, exporting, cleaning up, and the errors.</summary>
public sealed class StudyCommandTests : IDisposable
{
    private readonly TemporaryFolder folder = new("digits-study");

    private string Storage => "sqlite:" + folder.File("studies.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    [Fact]
    public void A_study_is_shown_exported_by_its_best_validation_trial_listed_and_deleted()
    {
        var tuned = DigitsTool.Run(StudyRuns.QuickTune(Storage, "lr"));
        Assert.True(tuned.ExitCode == 0, tuned.Output);

        var shown = DigitsTool.Run("study", "show", "lr", "--storage", Storage);
        var json = DigitsTool.Run("study", "show", "lr", "--storage", Storage, "--json");
        var exported = DigitsTool.Run("study", "export", "lr", "--storage", Storage, "--best", "--onnx", folder.File("out/best.onnx"), "--checkpoint", folder.File("out/best.ckpt"), "--json");
        var listed = DigitsTool.Run("study", "list", "--storage", Storage, "--json");
        var deleted = DigitsTool.Run("study", "delete", "lr", "--storage", Storage);
        var gone = DigitsTool.Run("study", "list", "--storage", Storage, "--json");

        Assert.True(shown.ExitCode == 0, shown.Output);
        Assert.Contains("2 of 2 planned trials complete", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Best by validation accuracy: trial 2 (learningRate=1e-2)", shown.StandardOutput, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.StandardOutput);
        var root = document.RootElement;
        Assert.True(root.GetProperty("progress").GetProperty("finished").GetBoolean());
        var trials = root.GetProperty("trials").EnumerateArray().ToList();
        var best = trials.MaxBy(t => t.GetProperty("validationAccuracy").GetDouble());
        Assert.Equal(best.GetProperty("trial").GetInt32(), root.GetProperty("best").GetProperty("trial").GetInt32());
        Assert.All(trials, t => Assert.Equal(1, t.GetProperty("history").GetArrayLength()));
        Assert.Equal(2, root.GetProperty("workers")[0].GetProperty("complete").GetInt32());

        Assert.True(exported.ExitCode == 0, exported.Output);
        Assert.Equal(best.GetProperty("trial").GetInt32(), JsonDocument.Parse(exported.StandardOutput).RootElement.GetProperty("trial").GetInt32());
        Assert.Equal(best.GetProperty("validationAccuracy").GetDouble(), Checkpoint.Read(folder.File("out/best.ckpt")).History[^1].ValidationAccuracy);
        using (var classifier = DigitClassifier.Load(folder.File("out/best.onnx")))
        {
            Assert.Equal(10, classifier.ClassCount);
        }

        Assert.Equal("lr", JsonDocument.Parse(listed.StandardOutput).RootElement[0].GetProperty("study").GetString());
        Assert.True(deleted.ExitCode == 0, deleted.Output);
        Assert.Contains("Deleted study 'lr'", deleted.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("[]", gone.StandardOutput.Trim());
    }

    [Fact]
    public void A_SQLite_file_in_a_folder_that_does_not_exist_is_refused_and_no_folder_is_made()
    {
        // A typo in the folder would otherwise start a second, empty study there, and split the workers.
        var typo = folder.File(Path.Combine("no-such-folder", "studies.db"));

        var line = CliErrors.AssertOneLine(DigitsTool.Run(StudyRuns.QuickTune("sqlite:" + typo, "lr")));

        Assert.Contains($"The folder '{Path.GetDirectoryName(typo)}' of the study database '{typo}' does not exist: create it, or check the path.", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(typo)));
    }

    [Fact]
    public void Show_list_and_export_read_a_study_on_a_read_only_mount()
    {
        var shared = Directory.CreateDirectory(folder.File("shared")).FullName;
        var storage = "sqlite:" + Path.Combine(shared, "studies.db");
        var tuned = DigitsTool.Run(StudyRuns.QuickTune(storage, "lr"));
        Assert.True(tuned.ExitCode == 0, tuned.Output);
        SqliteConnection.ClearAllPools();

        var shown = DigitsTool.RunWithReadOnly(shared, "study", "show", "lr", "--storage", storage);
        var listed = DigitsTool.RunWithReadOnly(shared, "study", "list", "--storage", storage, "--json");
        var exported = DigitsTool.RunWithReadOnly(shared, "study", "export", "lr", "--storage", storage, "--best", "--onnx", folder.File("best.onnx"));
        var deleted = DigitsTool.RunWithReadOnly(shared, "study", "delete", "lr", "--storage", storage);

        Assert.True(shown.ExitCode == 0, shown.Output);
        Assert.Contains("2 of 2 planned trials complete", shown.StandardOutput, StringComparison.Ordinal);
        Assert.True(listed.ExitCode == 0, listed.Output);
        Assert.Equal("lr", JsonDocument.Parse(listed.StandardOutput).RootElement[0].GetProperty("study").GetString());
        Assert.True(exported.ExitCode == 0, exported.Output);
        Assert.True(File.Exists(folder.File("best.onnx")));

        // Deleting writes, so there it is refused, in one line; the study is still there afterwards.
        Assert.Contains("may write there", CliErrors.AssertOneLine(deleted), StringComparison.Ordinal);
        Assert.Equal(2, Study.Open(StudyStorage.Parse(storage), "lr").Complete);
    }

    [Fact]
    public void Showing_a_study_that_is_not_there_is_one_error_that_names_the_storage_and_creates_nothing()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("study", "show", "lr", "--storage", Storage));

        Assert.Contains($"{Storage} holds no study named 'lr'", line, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("studies.db")));
    }

    [Fact]
    public void An_unreachable_database_is_one_error_before_the_data_loads()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        socket.Close();

        var line = CliErrors.AssertOneLine(DigitsTool.Run(StudyRuns.QuickTune($"postgresql://digits:secret@127.0.0.1:{port}/studies", "lr")));

        Assert.Contains($"Cannot reach PostgreSQL at 127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Joining_a_study_with_another_plan_is_one_error_and_changes_nothing()
    {
        var first = DigitsTool.Run(StudyRuns.QuickTune(Storage, "lr"));
        Assert.True(first.ExitCode == 0, first.Output);
        var before = Hash(folder.File("studies.db"));

        var line = CliErrors.AssertOneLine(DigitsTool.Run(StudyRuns.QuickTune(Storage, "lr", learningRates: "1e-3,3e-3")));

        Assert.Contains("exists with another plan: space: learningRate=1e-3,1e-2 in the study, learningRate=1e-3,3e-3 here", line, StringComparison.Ordinal);
        Assert.Equal(before, Hash(folder.File("studies.db")));
    }

    [Fact]
    public void Tables_of_a_newer_sdk_are_one_error_and_the_file_is_left_as_it_was()
    {
        using (var connection = new SqliteConnection($"Data Source={folder.File("studies.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE digits_schema (version INTEGER NOT NULL, written_by TEXT NOT NULL); INSERT INTO digits_schema VALUES (2, 'Digits.Sdk 9.0.0');";
            command.ExecuteNonQuery();
        }

        var before = Hash(folder.File("studies.db"));

        var line = CliErrors.AssertOneLine(DigitsTool.Run(StudyRuns.QuickTune(Storage, "lr")));

        Assert.Contains("schema version 2, written by Digits.Sdk 9.0.0", line, StringComparison.Ordinal);
        Assert.Equal(before, Hash(folder.File("studies.db")));
    }

    [Theory]
    [InlineData("--storage", "sqlite:x.db")]
    [InlineData("--lease", "5")]
    public void Study_options_without_a_study_are_refused(string option, string value)
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("tune", "LogisticRegression", "--data", TestData.Mnist, "--grid", "learningRate=1e-3", option, value));

        Assert.Contains($"{option} belongs to a study: name it with --study NAME", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_that_is_neither_sqlite_nor_postgresql_is_refused_with_both_forms()
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("study", "show", "lr", "--storage", "mysql://db/studies"));

        Assert.Contains("sqlite:PATH", line, StringComparison.Ordinal);
        Assert.Contains("postgresql://", line, StringComparison.Ordinal);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
