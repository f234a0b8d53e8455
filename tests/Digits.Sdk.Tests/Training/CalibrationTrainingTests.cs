using Digits.Sdk.Evaluation;
using Digits.Sdk.Inference;
using Digits.Sdk.Onnx;
using Digits.Sdk.Tests.Infrastructure;
using Digits.Sdk.Training;

namespace Digits.Sdk.Tests.Training;

/// <summary>
/// A run with a validation split ends by fitting a temperature there; the temperature then travels with the model:
/// the run, the network, its checkpoints, its evaluation and its ONNX file all give the same calibrated probabilities.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class CalibrationTrainingTests(MnistFixture mnist)
{
    [Fact]
    public void A_run_with_a_validation_split_fits_a_temperature_and_its_checkpoints_and_ONNX_file_carry_it()
    {
        using var folder = new TemporaryFolder();
        var run = Trainer.For<TinyCnn>().Epochs(2).Checkpoints(folder.File("runs")).Fit(mnist.Small, mnist.Validation);
        using var model = run.Model;

        var calibration = Assert.IsType<TemperatureCalibration>(run.Calibration);
        Assert.Equal(mnist.Validation.Count, calibration.SampleCount);
        Assert.NotEqual(1, calibration.Temperature);
        Assert.True(calibration.NegativeLogLikelihoodAfter <= calibration.NegativeLogLikelihoodBefore);
        Assert.Same(calibration, NetworkCalibration.Of(model));
        Assert.Equal(calibration, Checkpoint.Read(run.CheckpointPath!).Calibration);

        // The SDK's evaluation of the network uses the temperature: on the split it was fitted on, its ECE is the fit's.
        var report = model.Evaluate(mnist.Validation);
        Assert.Equal(calibration.ExpectedCalibrationErrorAfter, report.Calibration!.ExpectedCalibrationError, 3);
        Assert.Equal(calibration.NegativeLogLikelihoodAfter, report.LogLoss!.Value, 4);

        // A checkpoint saved from the run loads with it, and the ONNX file divides by the same temperature.
        run.SaveCheckpoint(folder.File("tiny.ckpt"));
        using var loaded = Checkpoint.Load<TinyCnn>(folder.File("tiny.ckpt"));
        Assert.Equal(calibration, NetworkCalibration.Of(loaded));
        loaded.ExportOnnx(folder.File("tiny.onnx"));
        using var classifier = DigitClassifier.Load(folder.File("tiny.onnx"));
        Assert.Equal(calibration.Temperature, classifier.Metadata.Temperature, 12);
        var onnx = classifier.Evaluate(mnist.Validation);
        Assert.Equal(report.Accuracy, onnx.Accuracy);
        Assert.Equal(report.LogLoss!.Value, onnx.LogLoss!.Value, 5);
        Assert.Equal(report.Calibration.BrierScore, onnx.Calibration!.BrierScore, 5);
    }

    [Fact]
    public void Calibration_changes_confidences_but_not_one_prediction()
    {
        var run = Trainer.For<TinyCnn>().Epochs(1).Fit(mnist.Small, mnist.Validation);
        using var model = run.Model;
        using var calibrated = model.PredictProbabilities(mnist.Validation);
        NetworkCalibration.Clear(model);
        using var raw = model.PredictProbabilities(mnist.Validation);

        Assert.True(calibrated.argmax(1).eq(raw.argmax(1)).all().item<bool>(), "a temperature moved a prediction");
        Assert.False(calibrated.allclose(raw), "the temperature changed no probability");
    }

    [Fact]
    public void Calibration_can_be_turned_off_and_needs_a_validation_split()
    {
        using var folder = new TemporaryFolder();
        var off = Trainer.For<TinyLinear>().Epochs(1).CalibrateTemperature(false).Fit(mnist.Small, mnist.Validation);
        using (off.Model)
        {
            Assert.Null(off.Calibration);
            Assert.Null(NetworkCalibration.Of(off.Model));
            off.Model.ExportOnnx(folder.File("plain.onnx"));
        }

        var noValidation = Trainer.For<TinyLinear>().Epochs(1).Fit(mnist.Small);
        using (noValidation.Model)
        {
            Assert.Null(noValidation.Calibration);
        }

        using var classifier = DigitClassifier.Load(folder.File("plain.onnx"));
        Assert.Equal(1, classifier.Metadata.Temperature);
    }

    [Fact]
    public void A_temperature_chosen_at_export_overrides_the_networks()
    {
        using var folder = new TemporaryFolder();
        var run = Trainer.For<TinyLinear>().Epochs(1).Fit(mnist.Small, mnist.Validation);
        using var model = run.Model;

        model.ExportOnnx(folder.File("t2.onnx"), new OnnxExportOptions { Temperature = 2 });
        model.ExportOnnx(folder.File("t1.onnx"), new OnnxExportOptions { Temperature = 1 });
        using var two = DigitClassifier.Load(folder.File("t2.onnx"));
        using var one = DigitClassifier.Load(folder.File("t1.onnx"));

        Assert.Equal(2, two.Metadata.Temperature);
        Assert.Equal(1, one.Metadata.Temperature);
        NetworkCalibration.Clear(model);
        Assert.Equal(model.Evaluate(mnist.Validation).LogLoss!.Value, one.Evaluate(mnist.Validation).LogLoss!.Value, 5);
        Assert.Throws<ArgumentException>(() => model.ExportOnnx(folder.File("bad.onnx"), new OnnxExportOptions { Temperature = 0 }));
    }
}
