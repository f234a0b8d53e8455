using Digits.Cli;
using Digits.Cli.CommandLine;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Cli;

/// <summary>A command line the tool does not understand is refused before any work, with the nearest valid word.</summary>
public sealed class UsageMistakeTests
{
    [Fact]
    public void A_mistyped_option_is_refused_with_the_option_it_was_meant_to_be()
    {
        // Before, the typo was ignored and the recipe's five epochs trained, with exit code 0.
        var line = CliErrors.AssertOneLine(DigitsTool.Run("train", "LogisticRegression", "--data", TestData.Mnist, "--epoch", "1"));

        Assert.Equal("digits: error: Unknown option '--epoch'. Did you mean '--epochs'?", line);
    }

    [Fact]
    public void An_option_the_verb_does_not_have_is_refused_with_the_ones_it_has()
    {
        using var folder = new TemporaryFolder();

        var line = CliErrors.AssertOneLine(DigitsTool.Run("evaluate", folder.File("x.ckpt"), "--data", TestData.Mnist, "--frob"));

        Assert.Equal("digits: error: Unknown option '--frob'; digits evaluate takes --data, --pretrained, --json, --corruptions, --pictures, --limit, --seed, --unseen, --chart, --not-a-digit-below, --reliability and --help.", line);
    }

    [Fact]
    public void A_mistyped_verb_is_refused_with_the_verb_it_was_meant_to_be()
    {
        Assert.Equal("digits: error: Unknown command 'trian'. Did you mean 'train'?", CliErrors.AssertOneLine(DigitsTool.Run("trian")));
        Assert.Equal("digits: error: Unknown command 'data inf'. Did you mean 'data info'?", CliErrors.AssertOneLine(DigitsTool.Run("data", "inf", "mnist")));
    }

    [Fact]
    public void Words_after_the_verbs_arguments_are_refused()
    {
        var extra = CliErrors.AssertOneLine(DigitsTool.Run("summary", "FastCnn", "extra"));
        var afterDashes = CliErrors.AssertOneLine(DigitsTool.Run("summary", "FastCnn", "--", "extra"));

        Assert.Equal("digits: error: Unexpected argument 'extra': digits summary takes <network> (see digits summary --help).", extra);
        Assert.Contains("'--'", afterDashes, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--epochs", "abc", "a whole number")]
    [InlineData("--seed", "1.5", "a whole number")]
    [InlineData("--threads", "many", "a whole number")]
    public void A_value_of_the_wrong_kind_names_the_option_and_the_kind_it_expects(string option, string value, string kind)
    {
        var line = CliErrors.AssertOneLine(DigitsTool.Run("train", "LogisticRegression", "--data", TestData.Mnist, option, value));

        Assert.Equal($"digits: error: Option '{option}' expects {kind}, got '{value}'.", line);
    }

    [Fact]
    public void A_negative_number_is_a_value_not_an_unknown_option()
    {
        // --seed -1 parses; the error is the one about --epochs 0, so -1 was not taken for an option.
        var line = CliErrors.AssertOneLine(DigitsTool.Run("train", "LogisticRegression", "--data", TestData.Mnist, "--seed", "-1", "--epochs", "0"));

        Assert.Contains("--epochs", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown option", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--epoch", "--epochs")]
    [InlineData("--epochss", "--epochs")]
    [InlineData("--btach-size", "--batch-size")]
    [InlineData("--batch", "--batch-size")]
    [InlineData("--OUT", "--out")]
    [InlineData("--frob", null)]
    [InlineData("--e", null)]
    public void The_suggestion_is_the_nearest_option_of_the_verb_and_nothing_when_none_is_near(string typed, string? expected)
    {
        var options = DigitsApp.Vocabulary.Verbs["train"].Options.Select(o => o.Name);

        Assert.Equal(expected, Suggestion.Nearest(typed, options));
    }

    [Fact]
    public void Every_verb_the_parser_knows_is_in_the_vocabulary_suggestions_come_from()
    {
        foreach (var verb in DigitsApp.Vocabulary.Verbs.Keys)
        {
            var help = DigitsTool.Run([.. verb.Split(' '), "--help"]);

            Assert.True(help.ExitCode == 0, $"digits {verb} --help: {help.Output}");
            foreach (var option in DigitsApp.Vocabulary.Verbs[verb].Options)
            {
                Assert.Contains(option.Name, help.StandardOutput, StringComparison.Ordinal);
            }
        }

        Assert.Equal(["compare", "data", "evaluate", "export", "predict", "serve", "study", "summary", "train", "tune"], DigitsApp.Vocabulary.WordsAfter(string.Empty));
    }
}
