package io.reelstream.core.als;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlsParamsTest {
    // a 2 × 2 gramian with trace 6: mean eigenvalue 3
    private static final double[] FtF = {4, 1, 1, 2};

    @Test
    void eachRegularizationScalesLambdaByItsOwnRule() {
        AlsParams p = AlsParams.defaults().withLambda(0.5);
        assertEquals(0.5, p.withRegularization(AlsParams.Regularization.CONSTANT).lambdaFor(9, FtF), 1e-12);
        assertEquals(4.5, p.withRegularization(AlsParams.Regularization.FREQUENCY).lambdaFor(9, FtF), 1e-12);
        // 0.5 · (6 / 2) · √9 = 4.5
        assertEquals(4.5, p.withRegularization(AlsParams.Regularization.RELATIVE).lambdaFor(9, FtF), 1e-12);
        assertEquals(0.0, p.withRegularization(AlsParams.Regularization.RELATIVE).lambdaFor(0, FtF), 0.0);
    }

    @Test
    void relativeLambdaFollowsTheScaleOfTheFactors() {
        AlsParams p = AlsParams.defaults().withRegularization(AlsParams.Regularization.RELATIVE);
        double[] scaled = {16, 4, 4, 8}; // factors doubled -> gramian × 4
        assertEquals(4 * p.lambdaFor(7, FtF), p.lambdaFor(7, scaled), 1e-12);
    }

    @Test
    void relativeLambdaWithoutAGramianIsRefusedWithTheFix() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AlsParams.defaults().withRegularization(AlsParams.Regularization.RELATIVE).lambdaFor(3));
        assertTrue(e.getMessage().contains("lambdaFor(count, YtY)"), e.getMessage());
    }

    @Test
    void invalidValuesNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlsParams.defaults().withFactors(0));
        assertTrue(e.getMessage().contains("factors"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AlsParams.defaults().withLambda(-1));
        assertThrows(IllegalArgumentException.class, () -> AlsParams.defaults().withThreads(0));
    }

    @Test
    void shippedDefaultsKeepTheIssuesFactorsAndAlpha() {
        AlsParams d = AlsParams.defaults();
        assertEquals(64, d.factors());
        assertEquals(15f, d.alpha());
        assertEquals(AlsParams.Regularization.RELATIVE, d.regularization());
    }
}
