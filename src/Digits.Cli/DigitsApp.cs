using System.Reflection;
using Digits.Cli.CommandLine;
using Digits.Cli.Commands.Data;
using Digits.Cli.Commands.Onnx;
using Digits.Cli.Commands.Serving;
using Digits.Cli.Commands.Studies;
using Digits.Cli.Commands.Training;
using Digits.Cli.Commands.Zoo;
using Spectre.Console.Cli;

namespace Digits.Cli;

/// <summary>Builds the <c>digits</c> command tree and runs a command line through it.</summary>
public static class DigitsApp
{
    /// <summary>The switch that adds stack traces to errors.</summary>
    public const string VerboseOption = "--verbose";

    /// <summary>
    /// Runs one command line: <see cref="VerboseOption"/> anywhere adds stack traces to errors; every error is one
    /// line on stderr, and a command line the tool does not understand is refused with the nearest valid word.
    /// </summary>
    /// <param name="arguments">The command line, without the program's name.</param>
    /// <param name="cancellationToken">Stops the running verb (training saves a checkpoint first).</param>
    /// <returns>The exit code.</returns>
    public static Task<int> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);

        // --verbose is the tool's own switch, valid with every verb, so no verb's settings declare it.
        var verbose = arguments.Contains(VerboseOption, StringComparer.Ordinal);
        var rest = arguments.Where(a => a != VerboseOption).ToArray();
        return Create(rest, verbose).RunAsync(rest, cancellationToken);
    }

    /// <summary>The words of every verb, read from their settings classes; the one place suggestions come from.</summary>
    internal static CommandVocabulary Vocabulary { get; } = CreateVocabulary();

    private static CommandVocabulary CreateVocabulary()
    {
        var vocabulary = new CommandVocabulary();
        Configure(vocabulary, configurator: null);
        return vocabulary;
    }

    private static CommandApp Create(IReadOnlyList<string> arguments, bool verbose)
    {
        var mistakes = new UsageMistakes(Vocabulary);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("digits");
            config.SetApplicationVersion(Version);
            config.SetHelpProvider(new DigitsHelpProvider(config.Settings));

            // An option no verb declares is an error, not ignored: a typo must not silently train with the defaults.
            config.UseStrictParsing();
            config.SetInterceptor(new LeftoverArguments(mistakes));

            // Every error, from any command or the parser, is one line and an exit code; the stack trace only on request.
            config.SetExceptionHandler((error, _) => ErrorBoundary.Report(Explained(error, arguments, mistakes), Console.Error, verbose));
            Configure(vocabulary: null, config);
        });
        return app;
    }

    /// <summary>Spectre's refusal of a command line, said in the user's terms when <see cref="UsageMistakes"/> can.</summary>
    private static Exception Explained(Exception error, IReadOnlyList<string> arguments, UsageMistakes mistakes)
        => error is CommandRuntimeException && mistakes.Find(arguments) is { } mistake ? new CommandException(mistake, error) : error;

    /// <summary>
    /// Registers every verb with <paramref name="configurator"/> and records its words in <paramref name="vocabulary"/>:
    /// one list of verbs for both, so the suggestions know exactly the verbs the parser knows.
    /// </summary>
    private static void Configure(CommandVocabulary? vocabulary, IConfigurator? configurator)
    {
        ICommandConfigurator? Add<TCommand>(string name)
            where TCommand : class, ICommand
        {
            vocabulary?.Add<TCommand>(name);
            return configurator?.AddCommand<TCommand>(name);
        }

        ICommandConfigurator? AddIn<TCommand>(IConfigurator<CommandSettings>? branch, string branchName, string name)
            where TCommand : class, ICommand, ICommandLimiter<CommandSettings>
        {
            vocabulary?.Add<TCommand>(branchName + " " + name);
            return branch?.AddCommand<TCommand>(name);
        }

        void Branch(string name, Action<IConfigurator<CommandSettings>?> configure)
        {
            if (configurator is null)
            {
                configure(null);
            }
            else
            {
                configurator.AddBranch(name, branch => configure(branch));
            }
        }

        Branch("data", data =>
        {
            data?.SetDescription("Inspect data sets.");
            AddIn<DataInfoCommand>(data, "data", "info")
                ?.WithDescription("Counts, image shape, class histogram and checksum status of a data set.")
                .WithExample("data", "info", "mnist")
                .WithExample("data", "info", "./fashion-mnist", "--json");
        });
        Add<TrainCommand>("train")
            ?.WithDescription("Train a network the SDK ships, save a checkpoint and evaluate it on the test set.")
            .WithExample("train", "LogisticRegression", "--data", "./mnist", "--epochs", "3", "--out", "lr.ckpt");
        Add<EvaluateCommand>("evaluate")
            ?.WithDescription("Evaluate a checkpoint, an ONNX model or the pretrained model on a data set's test images, or its robustness under MNIST-C's corruptions (--corruptions); several checkpoints are evaluated as an ensemble (mean of their softmax outputs).")
            .WithExample("evaluate", "lr.ckpt", "--data", "./mnist", "--json")
            .WithExample("evaluate", "lr.onnx", "--data", "./mnist")
            .WithExample("evaluate", "--pretrained", "--data", "./mnist")
            .WithExample("evaluate", "lr.onnx", "--data", "./mnist", "--corruptions", "all", "--chart", "robustness.png")
            .WithExample("evaluate", "--pretrained", "--data", "./mnist", "--corruptions", "fog,stripe", "--pictures", "--limit", "1000")
            .WithExample("evaluate", "top1.ckpt", "top2.ckpt", "top3.ckpt", "--data", "./mnist");
        Add<ExportCommand>("export")
            ?.WithDescription("Write a trained network (a checkpoint) as an ONNX model.")
            .WithExample("export", "lr.ckpt", "--onnx", "lr.onnx")
            .WithExample("export", "fashion.ckpt", "--onnx", "fashion.onnx", "--dataset", "fashion-mnist", "--opset", "13");
        Add<PredictCommand>("predict")
            ?.WithDescription("Classify pictures of digits with an exported ONNX model or the pretrained one (--pretrained).")
            .WithExample("predict", "mnist-cnn.onnx", "seven.png", "two.jpg")
            .WithExample("predict", "--pretrained", "seven.png");
        Add<ServeCommand>("serve")
            ?.WithDescription("Serve a model over HTTP: predictions (also as the Open Inference Protocol), a draw-a-digit page, probes and metrics.")
            .WithExample("serve", "--pretrained")
            .WithExample("serve", "mnist-cnn.onnx", "--urls", "http://0.0.0.0:8080", "--api-key-file", "keys.txt")
            .WithExample("serve", "fastcnn.ckpt", "--max-batch-size", "1");
        Add<SummaryCommand>("summary")
            ?.WithDescription("Layers, output shapes and parameter counts of a network the SDK ships, with its expected accuracy and recipe.")
            .WithExample("summary", "FastCnn");
        Add<TuneCommand>("tune")
            ?.WithDescription("Search a network's training hyperparameters; trials are scored on a validation split, never the test set.")
            .WithExample("tune", "FastCnn", "--data", "./mnist", "--grid", "learningRate=3e-3,1e-2", "--grid", "batchSize=64,128")
            .WithExample("tune", "Mlp", "--data", "./mnist", "--grid", "learningRate=1e-3,3e-3,1e-2", "--grid", "weightDecay=0,1e-4", "--random", "4", "--json")
            .WithExample("tune", "FastCnn", "--data", "./mnist", "--grid", "learningRate=3e-3,1e-2", "--study", "fastcnn-lr", "--storage", "postgresql://digits@db.example/studies", "--threads", "1");
        Branch("study", study =>
        {
            study?.SetDescription("Read, export and clean up the studies that digits tune --study keeps.");
            AddIn<StudyShowCommand>(study, "study", "show")
                ?.WithDescription("A study's progress, best trial (by validation accuracy), leaderboard, running and failed trials, and workers.")
                .WithExample("study", "show", "fastcnn-lr")
                .WithExample("study", "show", "fastcnn-lr", "--storage", "postgresql://digits@db.example/studies", "--json");
            AddIn<StudyExportCommand>(study, "study", "export")
                ?.WithDescription("Write the weights of a study's best trial (or --trial N) as an ONNX model or a checkpoint.")
                .WithExample("study", "export", "fastcnn-lr", "--best", "--onnx", "fastcnn.onnx")
                .WithExample("study", "export", "fastcnn-lr", "--trial", "3", "--checkpoint", "trial3.ckpt");
            AddIn<StudyListCommand>(study, "study", "list")
                ?.WithDescription("The studies a storage holds, with their progress.")
                .WithExample("study", "list", "--storage", "sqlite:studies.db");
            AddIn<StudyDeleteCommand>(study, "study", "delete")
                ?.WithDescription("Delete a study with its trials, attempts and stored weights.")
                .WithExample("study", "delete", "fastcnn-lr");
        });
        Add<CompareCommand>("compare")
            ?.WithDescription("Train several networks and rank them on a leaderboard; the winner is chosen by validation accuracy.")
            .WithExample("compare", "LogisticRegression", "LinearSvm", "FastCnn", "--data", "./mnist")
            .WithExample("compare", "LeNet5", "FastCnn", "--data", "./mnist", "--epochs", "1", "--json");
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
