package dev.vectorgrad.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the library, checked on its compiled classes (README, "Architecture"):
 * modules point one way, {@code kernels <- autograd <- formats <- nn <- cells <- models <- {interop, streams, spark}}, and inside a module each
 * package keeps to its stated boundary. A rule that breaks fails here with the offending class, member and
 * line. These hold on the class path too, where the JPMS qualified exports are not enforced.
 */
class DependencyRulesTest {

    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vectorgrad");

    /** Each module uses only the modules below it. A skip downwards is allowed where it is listed. */
    @Test
    void modulesPointOneWay() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("kernels").definedBy("dev.vectorgrad.kernels..")
                .layer("autograd").definedBy("dev.vectorgrad.autograd..")
                .layer("formats").definedBy("dev.vectorgrad.formats..")
                .layer("nn").definedBy("dev.vectorgrad.nn..")
                .layer("cells").definedBy("dev.vectorgrad.cells..")
                .layer("models").definedBy("dev.vectorgrad.models..")
                .layer("interop").definedBy("dev.vectorgrad.interop..")
                .layer("streams").definedBy("dev.vectorgrad.streams..")
                .layer("spark").definedBy("dev.vectorgrad.spark..")
                .whereLayer("kernels").mayNotAccessAnyLayer()
                .whereLayer("autograd").mayOnlyAccessLayers("kernels")
                .whereLayer("formats").mayOnlyAccessLayers("autograd")
                .whereLayer("nn").mayOnlyAccessLayers("formats", "autograd")
                // Step inference runs the kernels on plain arrays, without tensors.
                .whereLayer("cells").mayOnlyAccessLayers("nn", "formats", "autograd", "kernels")
                // Whole-model serving runs the packed kernels on plain arrays, as step inference does.
                .whereLayer("models").mayOnlyAccessLayers("cells", "nn", "formats", "autograd", "kernels")
                // The importers build models and cells from foreign files.
                .whereLayer("interop").mayOnlyAccessLayers("models", "cells", "nn", "formats", "autograd", "kernels")
                // The Kafka Streams integration serves models; nothing in the library uses it.
                .whereLayer("streams").mayOnlyAccessLayers("models", "cells", "nn", "formats", "autograd", "kernels")
                .whereLayer("streams").mayNotBeAccessedByAnyLayer()
                // The Spark integration trains and scores models; it reads the kernels' provider and thread count.
                // Nothing in the library uses it.
                .whereLayer("spark").mayOnlyAccessLayers("models", "cells", "nn", "formats", "autograd", "kernels")
                .whereLayer("spark").mayNotBeAccessedByAnyLayer();
        rule.check(LIBRARY);
    }

    /**
     * Inside models, the Keras vocabulary packages are leaves that know nothing of the model that uses them:
     * {@code Sequential} (the root package) brings layers, losses, metrics, optimizers, data and callbacks
     * together, and serving is built on the model. A metric may reuse a loss's shape rules; a callback may reach
     * the optimizer (learning-rate schedules).
     */
    @Test
    void modelsPackagesPointOneWay() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("serving").definedBy("dev.vectorgrad.models.serving..")
                .layer("model").definedBy("dev.vectorgrad.models")
                .layer("callbacks").definedBy("dev.vectorgrad.models.callbacks..")
                .layer("metrics").definedBy("dev.vectorgrad.models.metrics..")
                .layer("layers").definedBy("dev.vectorgrad.models.layers..")
                .layer("losses").definedBy("dev.vectorgrad.models.losses..")
                .layer("optimizers").definedBy("dev.vectorgrad.models.optimizers..")
                .layer("data").definedBy("dev.vectorgrad.models.data..")
                .whereLayer("serving").mayNotBeAccessedByAnyLayer()
                .whereLayer("model").mayOnlyBeAccessedByLayers("serving")
                .whereLayer("callbacks").mayOnlyBeAccessedByLayers("model")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("model")
                .whereLayer("layers").mayOnlyBeAccessedByLayers("model", "serving")
                .whereLayer("losses").mayOnlyBeAccessedByLayers("model", "metrics")
                .whereLayer("optimizers").mayOnlyBeAccessedByLayers("model", "callbacks")
                .whereLayer("data").mayOnlyBeAccessedByLayers("model");
        rule.check(LIBRARY);
    }

    /** The two kernel implementations are twins, not layers: neither uses the other. */
    @Test
    void scalarAndVectorKernelsAreIndependent() {
        noClasses().that().resideInAPackage("dev.vectorgrad.kernels.scalar..")
                .should().dependOnClassesThat().resideInAPackage("dev.vectorgrad.kernels.vector..")
                .check(LIBRARY);
        noClasses().that().resideInAPackage("dev.vectorgrad.kernels.vector..")
                .should().dependOnClassesThat().resideInAPackage("dev.vectorgrad.kernels.scalar..")
                .check(LIBRARY);
    }

    /**
     * Inside the vector implementation, GEMM, GEMV and the written-out math are building blocks of the
     * kernels classes, which the provider hands out; the blocks never call back up into them.
     */
    @Test
    void vectorBuildingBlocksDoNotUseTheKernelsClasses() {
        noClasses().that().resideInAPackage("dev.vectorgrad.kernels.vector")
                .and().haveSimpleNameNotStartingWith("Vector")
                .should().dependOnClassesThat(resideInAPackage("dev.vectorgrad.kernels.vector")
                        .and(simpleNameStartingWith("Vector")))
                .check(LIBRARY);
    }

    /** The internal packages are for the modules their module-info exports them to, on the class path too. */
    @Test
    void internalPackagesAreUsedOnlyWhereTheyAreExported() {
        classes().that().resideInAPackage("dev.vectorgrad.kernels.internal..")
                .should().onlyBeAccessed().byAnyPackage("dev.vectorgrad.kernels..", "dev.vectorgrad.autograd..",
                        "dev.vectorgrad.interop..")
                .check(LIBRARY);
        classes().that().resideInAPackage("dev.vectorgrad.autograd.internal..")
                .should().onlyBeAccessed().byAnyPackage("dev.vectorgrad.autograd..", "dev.vectorgrad.cells..")
                .check(LIBRARY);
    }

    /** Tensors, the tape and the ops know nothing of the optimizers and the gradient checker built on them. */
    @Test
    void theAutogradCoreDoesNotUseItsTools() {
        noClasses().that().resideInAPackage("dev.vectorgrad.autograd")
                .should().dependOnClassesThat()
                .resideInAnyPackage("dev.vectorgrad.autograd.optim..", "dev.vectorgrad.autograd.check..")
                .check(LIBRARY);
        noClasses().that().resideInAPackage("dev.vectorgrad.autograd.optim..")
                .should().dependOnClassesThat().resideInAPackage("dev.vectorgrad.autograd.check..")
                .check(LIBRARY);
    }

    /** The engine (tensors and the tape) knows no op library: the ops are built on it, never the reverse. */
    @Test
    void theEngineDoesNotUseTheOpLibrary() {
        noClasses().that().haveFullyQualifiedName("dev.vectorgrad.autograd.Tape")
                .or().haveFullyQualifiedName("dev.vectorgrad.autograd.Tensor")
                .should().dependOnClassesThat()
                .haveFullyQualifiedName("dev.vectorgrad.autograd.Ops")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.vectorgrad.autograd.Shapes")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.vectorgrad.autograd.Losses")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.vectorgrad.autograd.Broadcast")
                .check(LIBRARY);
    }

    /** Optimizers update leaves in place through the kernels; they never record ops. */
    @Test
    void optimizersDoNotUseTheOpLibrary() {
        noClasses().that().resideInAPackage("dev.vectorgrad.autograd.optim..")
                .should().dependOnClassesThat()
                .haveFullyQualifiedName("dev.vectorgrad.autograd.Ops")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.vectorgrad.autograd.Shapes")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.vectorgrad.autograd.Losses")
                .check(LIBRARY);
    }

    /** The JSON package is a format of its own, for any configuration file: it needs the JDK alone. */
    @Test
    void jsonNeedsOnlyTheJdk() {
        classes().that().resideInAPackage("dev.vectorgrad.formats.json..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.vectorgrad.formats.json..", "java..")
                .check(LIBRARY);
    }

    /** The IDX reader (MNIST-style data sets) is a format of its own: it needs the JDK alone. */
    @Test
    void idxNeedsOnlyTheJdk() {
        classes().that().resideInAPackage("dev.vectorgrad.formats.idx..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.vectorgrad.formats.idx..", "java..")
                .check(LIBRARY);
    }

    /** Truncated BPTT is built on the recurrent layers, not the other way round. */
    @Test
    void recurrentLayersDoNotUseTheirTrainingLoop() {
        noClasses().that().resideInAPackage("dev.vectorgrad.cells")
                .should().dependOnClassesThat().resideInAPackage("dev.vectorgrad.cells.train..")
                .check(LIBRARY);
    }
}
