using System.Reflection;
using Digits.Cli.Commands.Data;
using Digits.Cli.Commands.Onnx;
using Digits.Cli.Commands.Serving;
using Digits.Cli.Commands.Training;
using Digits.Cli.Commands.Zoo;
using Spectre.Console.Cli;

namespace Digits.Cli;

/// <summary>Builds the <c>digits</c> command tree.</summary>
public static class DigitsApp
{
    /// <summary>The switch that adds stack traces to errors.</summary>
    public const string VerboseOption = "--verbose";

    /// <summary>Creates the command app with every verb registered.</summary>
    /// <param name="verbose">Whether an unexpected error prints its stack trace, not just its message.</param>
    public static CommandApp Create(bool verbose = false)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("digits");
            config.SetApplicationVersion(Version);

            // Every error, from any command or the parser, is one line and an exit code; the stack trace only on request.
            config.SetExceptionHandler((error, _) => ErrorBoundary.Report(error, Console.Error, verbose));
            config.AddBranch("data", data =>
            {
                data.SetDescription("Inspect data sets.");
                data.AddCommand<DataInfoCommand>("info")
                    .WithDescription("Counts, image shape, class histogram and checksum status of a data set.")
                    .WithExample("data", "info", "mnist")
                    .WithExample("data", "info", "./fashion-mnist", "--json");
            });
            config.AddCommand<TrainCommand>("train")
                .WithDescription("Train a network the SDK ships, save a checkpoint and evaluate it on the test set.")
                .WithExample("train", "LogisticRegression", "--data", "./mnist", "--epochs", "3", "--out", "lr.ckpt");
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("Evaluate a checkpoint on a data set's test images; several checkpoints are evaluated as an ensemble (mean of their softmax outputs).")
                .WithExample("evaluate", "lr.ckpt", "--data", "./mnist", "--json")
                .WithExample("evaluate", "top1.ckpt", "top2.ckpt", "top3.ckpt", "--data", "./mnist");
            config.AddCommand<ExportCommand>("export")
                .WithDescription("Write a trained network (a checkpoint) as an ONNX model.")
                .WithExample("export", "lr.ckpt", "--onnx", "lr.onnx")
                .WithExample("export", "fashion.ckpt", "--onnx", "fashion.onnx", "--dataset", "fashion-mnist", "--opset", "13");
            config.AddCommand<PredictCommand>("predict")
                .WithDescription("Classify pictures of digits with an exported ONNX model.")
                .WithExample("predict", "mnist-cnn.onnx", "seven.png", "two.jpg");
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("Serve a model over HTTP: predictions (also as the Open Inference Protocol), a draw-a-digit page, probes and metrics.")
                .WithExample("serve", "--pretrained")
                .WithExample("serve", "mnist-cnn.onnx", "--urls", "http://0.0.0.0:8080")
                .WithExample("serve", "fastcnn.ckpt", "--max-batch-size", "1");
            config.AddCommand<SummaryCommand>("summary")
                .WithDescription("Layers, output shapes and parameter counts of a network the SDK ships, with its expected accuracy and recipe.")
                .WithExample("summary", "FastCnn");
            config.AddCommand<TuneCommand>("tune")
                .WithDescription("Search a network's training hyperparameters; trials are scored on a validation split, never the test set.")
                .WithExample("tune", "FastCnn", "--data", "./mnist", "--grid", "learningRate=3e-3,1e-2", "--grid", "batchSize=64,128")
                .WithExample("tune", "Mlp", "--data", "./mnist", "--grid", "learningRate=1e-3,3e-3,1e-2", "--grid", "weightDecay=0,1e-4", "--random", "4", "--json");
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("Train several networks and rank them on a leaderboard; the winner is chosen by validation accuracy.")
                .WithExample("compare", "LogisticRegression", "LinearSvm", "FastCnn", "--data", "./mnist")
                .WithExample("compare", "LeNet5", "FastCnn", "--data", "./mnist", "--epochs", "1", "--json");
        });
        return app;
    }

    /// <summary>The tool's version, as <c>digits --version</c> prints it.</summary>
    public static string Version
    {
        get
        {
            var version = typeof(DigitsApp).Assembly
                .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }
    }
}
