import type { PublicUser } from '../../../shared/schemas/auth';
import type { Route } from '../hooks/useRoute';
import { ThemeToggle } from './ThemeToggle';

interface Props {
  user: PublicUser;
  route: Route | null;
  onLogout: () => void;
}

/** Brand, page links, who is signed in, the light/dark toggle, logout. On a phone the name is cut short and the role hidden. */
export function TopBar({ user, route, onLogout }: Props) {
  const links: { to: Route; label: string }[] = [{ to: 'annotate', label: 'Annotate' }];
  if (user.role === 'admin') links.push({ to: 'admin', label: 'Admin' });
  return (
    <header className="topbar">
      <div className="brand">
        pref<span>loop</span>
      </div>
      <nav aria-label="Pages">
        {links.map((link) => (
          <a
            key={link.to}
            href={`#/${link.to}`}
            className={route === link.to ? 'nav-link current' : 'nav-link'}
            aria-current={route === link.to ? 'page' : undefined}
            data-testid={`nav-${link.to}`}
          >
            {link.label}
          </a>
        ))}
      </nav>
      <div className="who">
        <span className="user-name" title={user.name} data-testid="current-user">
          {user.name}
        </span>
        <span className={`role-badge role-${user.role}`}>{user.role}</span>
        <ThemeToggle />
        <button type="button" className="btn btn-quiet" onClick={onLogout} data-testid="logout">
          Log out
        </button>
      </div>
    </header>
  );
}
