package dev.policygrad.env;

import java.util.SplittableRandom;

/**
 * CartPole-v1 as in Gymnasium 1.x ({@code gymnasium/envs/classic_control/cartpole.py}, the Euler
 * integrator; bit for bit, the products grouped as its Python groups them) (Barto, Sutton &amp;
 * Anderson 1983): a pole hinged on a cart moved
 * by a force of +-10 N. State s = (x, x_dot, angle, angle_dot); action 0 pushes left, 1 pushes right.
 * With F = +-force_mag, m_p l = masspole * length and M = masscart + masspole,
 * <pre>
 *   temp      = (F + m_p l angle_dot^2 sin(angle)) / M
 *   angle_acc = (g sin(angle) - cos(angle) temp) / (l (4/3 - m_p cos(angle)^2 / M))
 *   x_acc     = temp - m_p l angle_acc cos(angle) / M
 * </pre>
 * then one explicit Euler step of tau = 0.02 s (x and angle move with the old velocities). The
 * episode ends when |x| &gt; 2.4 or |angle| &gt; 12 degrees, or after 500 steps; the reward is 1 per
 * step, the terminating step included. s_0 ~ uniform(-0.05, 0.05)^4.
 */
public final class CartPole implements Environment {

    public static final double GRAVITY = 9.8;
    public static final double MASS_CART = 1.0;
    public static final double MASS_POLE = 0.1;
    public static final double TOTAL_MASS = MASS_CART + MASS_POLE;
    /** Half the pole's length, as Gym's {@code length}. */
    public static final double LENGTH = 0.5;
    public static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    public static final double FORCE_MAG = 10.0;
    public static final double TAU = 0.02;
    public static final double ANGLE_LIMIT = 12 * 2 * Math.PI / 360;
    public static final double X_LIMIT = 2.4;
    public static final int MAX_STEPS = 500;

    private final double gamma;
    private final int horizon;

    public CartPole(double gamma, int horizon) {
        this.gamma = gamma;
        this.horizon = horizon;
    }

    @Override
    public String name() {
        return "cartpole";
    }

    @Override
    public int observationSize() {
        return 4;
    }

    @Override
    public double gamma() {
        return gamma;
    }

    @Override
    public int horizon() {
        return horizon;
    }

    /** One Euler step of the dynamics from {@code state} under {@code action} (0 left, 1 right), in place. */
    public static void step(double[] state, int action) {
        double x = state[0];
        double xDot = state[1];
        double angle = state[2];
        double angleDot = state[3];
        double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        // Grouped as Gymnasium writes them: polemass_length * theta_dot**2 * sintheta and
        // masspole * costheta**2 / total_mass (x**2 of a Python float is the correctly rounded square).
        double temp = (force + POLE_MASS_LENGTH * (angleDot * angleDot) * sin) / TOTAL_MASS;
        double angleAcc = (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * angleAcc * cos / TOTAL_MASS;
        state[0] = x + TAU * xDot;
        state[1] = xDot + TAU * xAcc;
        state[2] = angle + TAU * angleDot;
        state[3] = angleDot + TAU * angleAcc;
    }

    /** Whether the cart left the track or the pole fell past 12 degrees. */
    public static boolean failed(double[] state) {
        return state[0] < -X_LIMIT || state[0] > X_LIMIT || state[2] < -ANGLE_LIMIT || state[2] > ANGLE_LIMIT;
    }

    @Override
    public Simulator newSimulator() {
        return new Simulator() {
            private final double[] state = new double[4];
            private boolean done;

            @Override
            public void reset(SplittableRandom random, double[] observation) {
                for (int i = 0; i < 4; i++) state[i] = -0.05 + 0.1 * random.nextDouble();
                done = false;
                System.arraycopy(state, 0, observation, 0, 4);
            }

            @Override
            public double step(double action, SplittableRandom random, double[] observation) {
                if (action != 0 && action != 1) throw new IllegalArgumentException("cartpole actions are 0 and 1, got " + action);
                CartPole.step(state, (int) action);
                done = failed(state);
                for (int i = 0; i < 4; i++) observation[i] = state[i]; // four values: cheaper than the copy stub
                return 1;
            }

            @Override
            public boolean terminal() {
                return done;
            }
        };
    }
}
