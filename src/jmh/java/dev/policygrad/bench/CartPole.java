package dev.policygrad.bench;

import java.util.SplittableRandom;

/**
 * Cart-pole balancing written by hand (Barto, Sutton and Anderson 1983, with the constants and the
 * explicit Euler step of the usual Gym version): state (x, x_dot, angle, angle_dot), actions push
 * left (0) or right (1) with 10 N, reward 1 per step, the episode ends when |x| > 2.4 or
 * |angle| > 12 degrees. The reference the engine's environment is measured against.
 */
public final class CartPole {

    public static final int OBSERVATION_SIZE = 4;
    public static final int HORIZON = 500;

    private static final double GRAVITY = 9.8, CART_MASS = 1.0, POLE_MASS = 0.1, HALF_LENGTH = 0.5;
    private static final double TOTAL_MASS = CART_MASS + POLE_MASS, POLE_MOMENT = POLE_MASS * HALF_LENGTH;
    private static final double FORCE = 10.0, TAU = 0.02;
    private static final double X_LIMIT = 2.4, ANGLE_LIMIT = 12 * 2 * Math.PI / 360;

    private CartPole() {}

    /** s_0: every component uniform in [-0.05, 0.05). */
    public static void reset(SplittableRandom random, double[] s) {
        for (int i = 0; i < OBSERVATION_SIZE; i++) s[i] = random.nextDouble(-0.05, 0.05);
    }

    /** Moves {@code s} one step under {@code action}; returns the reward. */
    public static double step(double[] s, int action) {
        double x = s[0], xDot = s[1], angle = s[2], angleDot = s[3];
        double force = action == 1 ? FORCE : -FORCE;
        double cos = Math.cos(angle), sin = Math.sin(angle);
        double temp = (force + POLE_MOMENT * angleDot * angleDot * sin) / TOTAL_MASS;
        double angleAcc = (GRAVITY * sin - cos * temp)
                / (HALF_LENGTH * (4.0 / 3.0 - POLE_MASS * cos * cos / TOTAL_MASS));
        double xAcc = temp - POLE_MOMENT * angleAcc * cos / TOTAL_MASS;
        s[0] = x + TAU * xDot;
        s[1] = xDot + TAU * xAcc;
        s[2] = angle + TAU * angleDot;
        s[3] = angleDot + TAU * angleAcc;
        return 1.0;
    }

    public static boolean terminal(double[] s) {
        return s[0] < -X_LIMIT || s[0] > X_LIMIT || s[2] < -ANGLE_LIMIT || s[2] > ANGLE_LIMIT;
    }
}
