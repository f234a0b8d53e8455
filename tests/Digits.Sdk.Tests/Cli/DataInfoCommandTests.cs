using System.Text.Json;
using Digits.Sdk.Tests.Data;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Cli;

public sealed class DataInfoCommandTests
{
    [Fact]
    public void Data_info_reports_mnist_counts_histogram_and_checksums_as_json()
    {
        var (exit, output, error) = DigitsTool.Run("data", "info", "mnist", "--root", TestData.Root, "--json");

        Assert.True(exit == 0, error);
        using var report = JsonDocument.Parse(output);
        var train = report.RootElement.GetProperty("splits").GetProperty("train");
        Assert.Equal(60_000, train.GetProperty("count").GetInt32());
        Assert.Equal([1, 28, 28], train.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(6_742, train.GetProperty("classes").GetProperty("1").GetInt32());
        Assert.Equal(10_000, report.RootElement.GetProperty("splits").GetProperty("test").GetProperty("count").GetInt32());
        Assert.All(report.RootElement.GetProperty("files").EnumerateArray(), f => Assert.Equal("verified", f.GetProperty("state").GetString()));
    }

    [Fact]
    public void Data_info_on_a_folder_finds_which_data_set_it_holds()
    {
        var (exit, output, error) = DigitsTool.Run("data", "info", TestData.FashionMnist);

        Assert.True(exit == 0, error);
        Assert.Contains("Fashion-MNIST", output);
        Assert.Contains("Ankle boot", output);
        Assert.Contains("verified", output);
    }

    [Fact]
    public void A_truncated_file_gives_a_one_line_error_and_a_non_zero_exit()
    {
        using var folder = new TemporaryFolder();
        foreach (var name in new[] { "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            File.Copy(TestData.PathOf("mnist", name), folder.File(name));
        }

        var images = IdxFiles.Concat(IdxFiles.Header(0x08, 60_000, 28, 28), new byte[1000]);
        File.WriteAllBytes(folder.File("train-images-idx3-ubyte.gz"), IdxFiles.Gzip(images));

        var line = CliErrors.AssertOneLine(DigitsTool.Run("data", "info", folder.Path));

        Assert.Contains("train-images-idx3-ubyte.gz", line);
        Assert.Contains("at byte 16 of its decompressed content", line);
    }

    [Fact]
    public void Missing_files_name_DIGITS_DATA_in_a_one_line_error()
    {
        using var empty = new TemporaryFolder();

        var (exit, _, error) = DigitsTool.Run("data", "info", "kmnist", "--root", empty.Path);

        Assert.Equal(1, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("DIGITS_DATA", error);
        Assert.Contains("t10k-labels-idx1-ubyte.gz", error);
    }
}
