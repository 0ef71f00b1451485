import { useEffect } from 'react';
import { TopBar } from './components/TopBar';
import { type Route, useRoute } from './hooks/useRoute';
import { useSession } from './hooks/useSession';
import { AdminArea } from './pages/AdminArea';
import { AnnotatePage } from './pages/AnnotatePage';
import { LoginPage } from './pages/LoginPage';
import { MyLabelsPage } from './pages/MyLabelsPage';

/** Signed out: the login page. Signed in: the top bar and the page the hash names (admins start on Admin). */
export function App() {
  const { user, status, login, logout } = useSession();
  const { route, rest, navigate } = useRoute();
  const home: Route = user?.role === 'admin' ? 'admin' : 'annotate';

  useEffect(() => {
    if (status === 'signed-out' && route !== 'login') navigate('login');
    if (status === 'signed-in' && (route === null || route === 'login')) navigate(home);
    if (status === 'signed-in' && route === 'admin' && user?.role !== 'admin') navigate('annotate');
  }, [status, route, home, user, navigate]);

  if (status === 'checking') return <p className="muted boot">Loading…</p>;
  if (status === 'signed-out' || !user) return <LoginPage onLogin={login} />;

  return (
    <>
      <TopBar user={user} route={route} onLogout={() => void logout()} />
      {route === 'admin' && user.role === 'admin' ? (
        <AdminArea rest={rest} onOpenRun={(id) => navigate('admin', 'runs', id)} />
      ) : route === 'annotate' ? (
        rest[0] === 'mine' ? (
          <MyLabelsPage />
        ) : (
          <AnnotatePage />
        )
      ) : null}
    </>
  );
}
