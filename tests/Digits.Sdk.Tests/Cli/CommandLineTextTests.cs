using Digits.Cli;
using Digits.Cli.CommandLine;
using Digits.Cli.Commands.Training;

namespace Digits.Sdk.Tests.Cli;

public sealed class CommandLineTextTests
{
    [Fact]
    public void Settings_are_written_back_as_the_command_line_that_gives_them_quoted_for_a_shell()
    {
        var settings = new TrainSettings { Network = "LogisticRegression", Data = "/my data", Epochs = 2, Out = "it's.ckpt", Json = true };

        var text = CommandLineText.Of(DigitsApp.Vocabulary, "train", settings, (nameof(TrainSettings.Resume), "/runs/last.ckpt"));

        Assert.Equal("digits train LogisticRegression --data '/my data' --epochs 2 --seed 42 --out 'it'\\''s.ckpt' --json --resume /runs/last.ckpt", text);
    }

    [Fact]
    public void Options_not_given_are_left_out()
    {
        var text = CommandLineText.Of(DigitsApp.Vocabulary, "train", new TrainSettings { Network = "FastCnn", Data = "mnist" });

        Assert.Equal("digits train FastCnn --data mnist --seed 42", text);
    }
}
